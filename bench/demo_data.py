"""Benchmark: `generate_demo_data` into a fresh temporary SQLite database.

    .venv/bin/python bench/demo_data.py [--tiltak 20000] [--seed 1]

Migrates a temporary DATABASE_URL (as `make fixtures` does), runs the command in
its own process and prints the machine, the command's report with its phases,
and the wall-clock and CPU time of the whole command. The load average is
printed too: on a shared machine the wall-clock time depends on it.
"""

import argparse
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiltak", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    print(f"CPU: {cpu_model()}, nproc {os.cpu_count()}")
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    print("Load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "demo.sqlite3"
        env = os.environ | {"DATABASE_URL": f"sqlite:///{database}"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)
        command = [
            *manage,
            "generate_demo_data",
            "--tiltak",
            str(args.tiltak),
            "--seed",
            str(args.seed),
        ]
        cpu = children_cpu()
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True)
        elapsed = time.perf_counter() - start
        cpu = children_cpu() - cpu
        size = database.stat().st_size / 1e6
    print("Load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(
        f"generate_demo_data --tiltak {args.tiltak} --seed {args.seed}: "
        f"{elapsed:.1f} s wall-clock, {cpu:.1f} s CPU, database {size:.0f} MB"
    )


if __name__ == "__main__":
    main()
