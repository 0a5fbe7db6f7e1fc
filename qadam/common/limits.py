"""Time and memory limits around one piece of work in this process (a background job).

The time limit is an interval timer whose signal raises `TimeLimitExceeded` in the work;
the memory limit is the process's RLIMIT_DATA (heap and private anonymous mappings, where
numpy's arrays live; unlike RLIMIT_AS it does not count the address space threads merely
reserve), so an allocation past it raises MemoryError. Both are lifted when the work ends,
whichever way it ends, so the process goes on to the next job. Code stuck in C past the
time limit is not interrupted here: `qadam worker` kills its worker after a grace period.
"""

import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

MB = 1024 * 1024


class TimeLimitExceeded(Exception):
    """The work ran past its time limit."""


def _timer_available() -> bool:
    # signals reach only the main thread: a request thread (immediate backend) runs unlimited
    return threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded inside the block once `seconds` have passed (0: no limit)."""
    if seconds <= 0 or not _timer_available():
        yield
        return

    def _expired(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def memory_limit(megabytes: int) -> Iterator[None]:
    """Cap the process's data size at `megabytes` inside the block (0: no limit)."""
    if megabytes <= 0:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = megabytes * MB
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
    try:
        yield
    finally:
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


@contextmanager
def limits(*, seconds: float, megabytes: int) -> Iterator[None]:
    with memory_limit(megabytes), time_limit(seconds):
        yield
