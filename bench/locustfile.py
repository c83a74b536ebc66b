"""One page under load, for bench/load.py: BENCH_PATH is fetched again and again.

BENCH_RATE (requests per second per simulated user) paces the users for the
half-peak run; without it they send the next request as soon as the last answers.
"""

import os

from locust import FastHttpUser, constant, constant_throughput, task

PATH = os.environ["BENCH_PATH"]
RATE = float(os.environ.get("BENCH_RATE") or 0)


class Visitor(FastHttpUser):
    wait_time = constant_throughput(RATE) if RATE else constant(0)

    @task
    def page(self) -> None:
        with self.client.get(PATH, name="page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
