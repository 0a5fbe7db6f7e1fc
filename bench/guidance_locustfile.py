"""Locust scenario: a festival hour of the career-guidance diagnostic (issue 4).

Each iteration of a simulated user is one pupil at the festival: one in ten fetches the item
bank first (the others' phones have it cached), then the pupil posts one complete diagnostic
with the festival's join code; about 2% of the pupils' phones resend the same form (same
`client_id`), which must come back 200 with the stored result unchanged. A pupil's answers
come from a random RIASEC profile drawn around the instrument's norms, so Holland codes vary.

The arrival rate is constant: each user starts pupils as a Poisson process of rate
`--pupils-per-user-second` (exponential gaps between the starts, as independent pupils
arrive; a user that fell behind catches up), so pupils per second = users x that rate on
average. Unlike `constant_throughput`, the users' phases are random: locust spawns users in
batches each second, and identical paces would keep each batch firing together.
`bench/guidance_load.py` runs it; by hand:

    .venv/bin/locust -f bench/guidance_locustfile.py --headless -u 200 -r 40 -t 5m \
        --host http://127.0.0.1:8765 --event-code ABC234 --region-id 17 --school-ids 3,4

A non-2xx answer, a wrong status (201 for a new pupil, 200 for a resend) or a resend whose
result differs counts as a failure. `--summary-file` receives the pupils' tallies as JSON.
The pupils themselves are `bench/guidance_pupils.py`'s.
"""

import argparse
import json
import random
import threading
import time
from pathlib import Path
from typing import Any

import gevent
from guidance_pupils import INSTRUMENT_SHARE, RESEND_SHARE, language, pupil_body
from locust import FastHttpUser, events, task
from locust.env import Environment


class Tally:
    """What the pupils sent and got, for the runner's check against the database."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts = {
            "new_sent": 0,
            "new_created": 0,
            "resends_sent": 0,
            "resends_same": 0,
        }
        self.codes: set[str] = set()
        self.sent: list[str] = []  # client ids of the new forms
        self.created: list[str] = []  # those answered 201

    def add(self, key: str, code: str = "", client_id: str = "") -> None:
        with self.lock:
            self.counts[key] += 1
            if code:
                self.codes.add(code)
            if key == "new_sent":
                self.sent.append(client_id)
            elif key == "new_created":
                self.created.append(client_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.counts,
            "holland_codes": len(self.codes),
            "sent_ids": self.sent,
            "created_ids": self.created,
        }


TALLY = Tally()


@events.init_command_line_parser.add_listener
def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--event-code", default="", help="the festival's join code")
    parser.add_argument("--region-id", type=int, default=1, help="the festival's region")
    parser.add_argument("--school-ids", default="", help="schools of the region, comma-separated")
    parser.add_argument("--pupils-per-user-second", type=float, default=0.5)
    parser.add_argument("--summary-file", default="", help="write the pupils' tallies here")


@events.test_stop.add_listener
def _write_summary(environment: Environment, **_kwargs: Any) -> None:
    options = environment.parsed_options
    if options is not None and options.summary_file:
        Path(options.summary_file).write_text(json.dumps(TALLY.as_dict()), encoding="utf-8")


class Pupil(FastHttpUser):
    """One simulated phone at the festival; each iteration is a new pupil."""

    # as the TLS-terminating proxy in front of gunicorn marks every request (production
    # redirects plain HTTP to HTTPS)
    default_headers = {"X-Forwarded-Proto": "https"}

    def on_start(self) -> None:
        options = self.environment.parsed_options
        assert options is not None
        self.event_code: str = options.event_code
        self.region_id: int = options.region_id
        self.school_ids = [int(s) for s in options.school_ids.split(",") if s]
        self.rate: float = options.pupils_per_user_second
        self.rng = random.Random()
        # the first pupil too arrives at a random moment, not with the spawn batch
        self.next_start = time.monotonic() + self.rng.expovariate(self.rate)
        gevent.sleep(self.next_start - time.monotonic())

    def wait_time(self) -> float:
        """Until the next arrival of this user's Poisson process (0 when behind)."""
        self.next_start += self.rng.expovariate(self.rate)
        return max(0.0, self.next_start - time.monotonic())

    def _body(self) -> dict[str, Any]:
        return pupil_body(
            self.rng,
            event_code=self.event_code,
            region_id=self.region_id,
            school_ids=self.school_ids,
        )

    @task
    def festival_pupil(self) -> None:
        if self.rng.random() < INSTRUMENT_SHARE:
            accept = language(self.rng)
            self.client.get(
                "/api/v1/guidance/instrument",
                headers={"Accept-Language": accept},
                name="GET instrument",
            )
        body = self._body()
        TALLY.add("new_sent", client_id=body["client_id"])
        with self.client.post(
            "/api/v1/guidance/submissions",
            json=body,
            name="POST submission",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                problem = response.text if response.status_code else repr(response.error)
                response.failure(f"expected 201, got {response.status_code}: {problem}")
                return
            result = response.json()
            if len(result["holland_code"]) != 3 or not result["recommendations"]:
                response.failure(f"incomplete result: {result}")
                return
            TALLY.add("new_created", result["holland_code"], body["client_id"])
        if self.rng.random() < RESEND_SHARE:
            self._resend(body, result)

    def _resend(self, body: dict[str, Any], first: dict[str, Any]) -> None:
        TALLY.add("resends_sent")
        with self.client.post(
            "/api/v1/guidance/submissions",
            json=body,
            name="POST submission (resend)",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                problem = response.text if response.status_code else repr(response.error)
                response.failure(f"resend: expected 200, got {response.status_code}: {problem}")
            elif response.json() != first:
                response.failure("resend: the stored result differs")
            else:
                TALLY.add("resends_same")
