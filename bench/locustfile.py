"""One page under load, for bench/load.py: BENCH_PATH is fetched again and again.

BENCH_RATE (requests per second per simulated user) paces the users for the
half-peak run; without it they send the next request as soon as the last answers.
Paced, a user's requests start at random (exponential) intervals of 1/BENCH_RATE
on average, as visitors' do: at fixed intervals every user would fire in the same
instant and measure a burst of 16, not a rate.
"""

import os
import random
import time

from locust import FastHttpUser, task

PATH = os.environ["BENCH_PATH"]
RATE = float(os.environ.get("BENCH_RATE") or 0)


class Visitor(FastHttpUser):
    started = 0.0

    def wait_time(self) -> float:
        if not RATE:
            return 0.0
        return max(0.0, random.expovariate(RATE) - (time.monotonic() - self.started))

    @task
    def page(self) -> None:
        self.started = time.monotonic()
        with self.client.get(PATH, name="page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
