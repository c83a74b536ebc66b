"""Time pages in-process, with every cache off, and profile one of them.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/pages.py
    DATABASE_URL=… .venv/bin/python bench/pages.py --profile "/tiltak/?q=rus"

Runs Django's test client against the database DATABASE_URL names (fill it with
`generate_demo_data` first), with production settings and CACHES_ENABLED=0, so a
page's time is the real cost of building it: queries, fetching, rendering. Prints
the median milliseconds per page over --repeat requests; with --profile, the
functions that cost the most in that page (cProfile, by own time).
This is how the slowest page of bench/results.md was found and measured before
and after its fix.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "slt.settings",
        "CACHES_ENABLED": "0",
        "DEBUG": "0",
        "SECRET_KEY": "profile-only-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "HTTPS_ONLY": "0",
    }
)
# Files are found where they are, without collectstatic.
os.environ.setdefault("STATIC_ROOT", str(ROOT / "staticfiles"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", metavar="PATH")
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from django.test import Client

    from tiltak.models import Handlingsplan, Innsatsomrade, Tiltak

    logging.disable(logging.INFO)
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    area = Innsatsomrade.objects.order_by("rekkefolge").first().slug
    published = Tiltak.objects.published().order_by("pk")
    middle = published[published.count() // 2].slug
    pages = [
        "/tiltak/",
        "/tiltak/?q=rus",
        f"/tiltak/?innsatsomrade={area}&alder=15",
        f"/tiltak/{middle}/",
        f"/innsatsomrader/{area}/",
        "/er-du-bekymret/",
        "/planer/",
    ]
    current = Handlingsplan.objects.gjeldende()
    if current is not None:
        pages.append(current.get_absolute_url())
    if args.profile:
        client.get(args.profile)
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(args.profile) for _ in range(5)])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        return
    print(f"{Tiltak.objects.count()} tiltak, median of {args.repeat} requests:")
    for path in pages:
        client.get(path)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        size = len(response.content) / 1024
        print(
            f"  {path:50} {response.status_code} {statistics.median(times):7.1f} ms"
            f" {size:7.1f} KB"
        )


if __name__ == "__main__":
    main()
