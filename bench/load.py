"""The load benchmark (`make bench`): the production server on demo data, under load.

    .venv/bin/python bench/load.py run [--tiltak 20000] [--seconds 5]
    .venv/bin/python bench/load.py report

`run` benchmarks the database DATABASE_URL names (bin/with-postgres sets one),
or a temporary SQLite file when it names none. It migrates an empty database,
generates the demo data, collects the static files, and starts Gunicorn with
slt/gunicorn.py and production settings (DEBUG=0) on 127.0.0.1, once with every
cache off (CACHES_ENABLED=0: the real cost of a page) and once with the caches on.
For each page locust (headless, on 127.0.0.1 only, bounded in time) measures:

- after a warm-up (5 s rounds until the rate stops rising, at most four), the
  peak: as many requests as 16 users without pauses get answered, with
  p50/p95/p99 latency, in three rounds of --seconds, each right after a round
  of hello-world; the page's ratio to hello-world is the median of the rounds'
  ratios, and the latencies are the median round's;
- p95 latency at half that rate over twice --seconds, the users paced to it
  with random intervals (the rate they reached is in the table too);

and at the end the peak memory (VmHWM) of the server's workers. The hello-world
ceiling is /livez: a view that needs no database, through the same middleware.
/tilgjengelighet/ is the floor of a real page: base.html and a page of static
text, rendered by Django's template engine, with no query but the data version.

`report` prints one table of every run and writes it, with the machine, into
bench/results.md between its markers; the analysis around them is written by hand.
"""

import argparse
import csv
import json
import os
import platform
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
RUNS = ROOT / "bench" / "runs"
BIN = ROOT / ".venv" / "bin"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
USERS = 16
# The ceiling: a view that needs no database, through the same middleware.
CEILING = "/livez"
WARMUP_SECONDS = 5
WARMUP_ROUNDS = 4
# Peak rounds per page, each after a round of hello-world (see measure()).
PEAK_ROUNDS = 3
PAGES = {
    "hello-world (/livez)": CEILING,
    "/tiltak/": "/tiltak/",
    "/tiltak/?q=rus": "/tiltak/?q=rus",
    "/tiltak/?innsatsomrade=…&alder=15": "/tiltak/?innsatsomrade={omrade}&alder=15",
    "detalj": "/tiltak/{slug}/",
    "/er-du-bekymret/": "/er-du-bekymret/",
    # A page from a template and no data: what Django's rendering alone costs.
    "template only (/tilgjengelighet/)": "/tilgjengelighet/",
}
SAMPLE = """
import json
from tiltak.models import Innsatsomrade, Tiltak
tiltak = Tiltak.objects.published().order_by("pk")
print(json.dumps({
    "omrade": Innsatsomrade.objects.order_by("rekkefolge").first().slug,
    "slug": tiltak[len(tiltak) // 2].slug,
}))
"""


# --- The machine --------------------------------------------------------------------


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{model}, {os.cpu_count()} CPUs, {int(memory) // 1024} MB RAM; "
        f"{platform.system()} {platform.release()}; Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [str(BIN / "python"), str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


# --- The server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def peak_memory_mb(pids: list[int]) -> float:
    """The largest resident size any worker reached (VmHWM), in MB."""
    peaks = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)


@contextmanager
def server(env: dict, log: Path):
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", str(ROOT / "slt" / "gunicorn.py")],
            env=env | {"PORT": str(port)},
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=2)
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"No server; see {log}") from None
                    time.sleep(0.2)
            yield port, process
        finally:
            process.terminate()
            process.wait(timeout=30)


# --- Load ---------------------------------------------------------------------------


def locust(port: int, path: str, seconds: int, rate: float = 0.0) -> dict:
    """Run locust against one page; its aggregated numbers."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "run"
        subprocess.run(
            [
                str(BIN / "locust"),
                "--locustfile",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "--users",
                str(USERS),
                # Every user at once, so a short round is measured at full load.
                "--spawn-rate",
                str(USERS * 10),
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--loglevel",
                "WARNING",
            ],
            env=os.environ
            | {"BENCH_PATH": path, "BENCH_RATE": str(rate / USERS if rate else 0)},
            check=True,
            capture_output=True,
            timeout=seconds + 60,
        )
        with open(f"{prefix}_stats.csv", newline="") as file:
            row = next(r for r in csv.DictReader(file) if r["Name"] == "Aggregated")

    def number(column: str) -> float:
        # «N/A» when not one request was answered in the time.
        value = row[column]
        return float(value) if value not in ("", "N/A") else float("nan")

    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": number("Requests/s"),
        "p50": number("50%"),
        "p95": number("95%"),
        "p99": number("99%"),
        "bytes": number("Average Content Size"),
    }


def measure(port: int, path: str, seconds: int) -> dict:
    """A page's peak, its ratio to hello-world, and p95 at half the peak.

    The peak is measured in PEAK_ROUNDS rounds, each right after a round of
    hello-world, and the page's ratio is the median of the rounds' ratios: the
    two shared CPUs' speed drifts by 10–20 % over minutes, which a ceiling
    measured once, at the start, would put into every ratio. The latencies shown
    are those of the median round.
    """
    # Warm-up: the first requests fill each worker's cache (and may not finish in
    # time). A page that takes a second to build may need more than one round for
    # every worker to have it, so warm up until the rate stops rising.
    last = 0.0
    for _ in range(WARMUP_ROUNDS):
        rate = locust(port, path, WARMUP_SECONDS)["rps"]
        if rate != rate or rate < last * 1.1:  # NaN: none answered in the time
            break
        last = rate
    rounds = []
    for _ in range(PEAK_ROUNDS):
        hello = locust(port, CEILING, seconds)["rps"] if path != CEILING else 0.0
        page = locust(port, path, seconds)
        # NaN when none was answered: it sorts as the lowest.
        ratio = page["rps"] / hello if hello else 1.0
        rounds.append((ratio if ratio == ratio else -1.0, page))
    rounds.sort(key=lambda item: item[0])
    ratio, peak = rounds[len(rounds) // 2]
    half_rate = peak["rps"] / 2 if peak["rps"] > 0 else 0.5  # NaN: none answered
    half = locust(port, path, seconds * 2, rate=half_rate)
    return peak | {
        "ratio": max(ratio, 0.0),
        "half_rps": half["rps"],
        "half_p95": half["p95"],
    }


def run(args: argparse.Namespace) -> None:
    url = os.environ.get("DATABASE_URL", "")
    database = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "DATABASE_URL": url or f"sqlite:///{tmp}/bench.sqlite3",
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on 127.0.0.1: no proxy in front to end TLS.
            "HTTPS_ONLY": "0",
            "STATIC_ROOT": f"{tmp}/static",
        }
        print(f"{database}: migrating and generating {args.tiltak} demo tiltak …")
        manage(env, "migrate", "--verbosity", "0")
        started = time.monotonic()
        manage(env, "generate_demo_data", "--tiltak", str(args.tiltak), "--seed", "1")
        generated = time.monotonic() - started
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        # The last line: the log's JSON lines may come before it.
        sample = json.loads(manage(env, "shell", "--command", SAMPLE).splitlines()[-1])
        result = {
            "database": database,
            "tiltak": args.tiltak,
            "generated_seconds": round(generated, 1),
            "machine": machine(),
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "modes": {},
        }
        for mode, enabled in (("off", "0"), ("on", "1")):
            mode_env = env | {"CACHES_ENABLED": enabled}
            pages = {}
            with server(mode_env, Path(tmp) / f"gunicorn-{mode}.log") as (port, proc):
                for name, template in PAGES.items():
                    path = template.format(**sample)
                    pages[name] = measure(port, path, args.seconds)
                    print(f"  caches {mode}: {name}: {pages[name]['rps']:.0f} req/s")
                memory = peak_memory_mb(workers_of(proc.pid))
            result["modes"][mode] = {"pages": pages, "worker_peak_mb": memory}
    RUNS.mkdir(exist_ok=True)
    (RUNS / f"{database.lower()}.json").write_text(json.dumps(result, indent=1))


# --- The report ---------------------------------------------------------------------


def table(results: list[dict]) -> str:
    lines = [
        "| Database | Caches | Page | req/s | × hello | p50 ms | p95 ms | p99 ms "
        "| ½ peak: req/s | ½ peak: p95 ms | KB |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        for mode, data in result["modes"].items():
            for name, page in data["pages"].items():
                lines.append(
                    f"| {result['database']} | {mode} | {name} | {page['rps']:.0f} "
                    f"| {page['ratio']:.2f} | {page['p50']:.0f} "
                    f"| {page['p95']:.0f} | {page['p99']:.0f} | {page['half_rps']:.0f} "
                    f"| {page['half_p95']:.0f} "
                    f"| {page['bytes'] / 1024:.1f} |"
                )
    lines.append("")
    for result in results:
        memory = ", ".join(
            f"caches {mode}: {data['worker_peak_mb']:.0f} MB"
            for mode, data in result["modes"].items()
        )
        lines.append(
            f"- {result['database']}, {result['tiltak']} demo tiltak (generated in "
            f"{result['generated_seconds']} s), run {result['date']}. Peak memory of "
            f"one worker: {memory}."
        )
    lines.append(f"- Machine: {results[0]['machine']}.")
    return "\n".join(lines)


def report(args: argparse.Namespace) -> None:
    results = [json.loads(path.read_text()) for path in sorted(RUNS.glob("*.json"))]
    if not results:
        sys.exit("No runs yet: run `make bench`.")
    text = table(results)
    print(text)
    page = RESULTS.read_text() if RESULTS.exists() else f"{START}\n{END}\n"
    before, rest = page.split(START, 1)
    after = rest.split(END, 1)[1]
    RESULTS.write_text(f"{before}{START}\n{text}\n{END}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("--tiltak", type=int, default=20_000)
    run_parser.add_argument("--seconds", type=int, default=5)
    run_parser.set_defaults(action=run)
    commands.add_parser("report").set_defaults(action=report)
    args = parser.parse_args()
    args.action(args)


if __name__ == "__main__":
    main()
