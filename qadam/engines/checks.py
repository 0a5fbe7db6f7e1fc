"""Input checks the engines share: errors that name the array and the index."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


def fail_at(name: str, arr: NDArray[Any], mask: NDArray[np.bool_], what: str) -> None:
    """Raise ValueError naming the first index where ``mask`` holds."""
    bad = np.argwhere(mask)
    if bad.size:
        idx = tuple(int(i) for i in bad[0])
        where = ", ".join(str(i) for i in idx)
        raise ValueError(f"{name}[{where}] = {arr[idx]} {what}")
