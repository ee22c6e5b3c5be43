"""`make bench`: figures measured in one run on this machine, printed as a table.

Not a test: nothing here passes or fails on timing. It measures
- requests/s of a trivial tenant-resolved page vs the same page in plain Django and under stock
  django-tenants (http_throughput.py), with the production server;
- onboarding a government by cloning the template schema vs by running migrations
  (onboarding.py);
- then every optional benchmark module in OPTIONAL_MODULES that exists, each a module with
  `run(report)` (see report.py).

Works with the embedded PostgreSQL and with DATABASE_URL; it creates its own throwaway
government and drops everything it created. BENCH_SECONDS, BENCH_ROUNDS, BENCH_WORKERS,
BENCH_CLIENT_PROCESSES, BENCH_CONNECTIONS and BENCH_ONBOARDING_REPEATS change the effort.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import platform
import secrets
import sys
import time
import traceback

# Later issues add their modules here; a module that does not exist yet is skipped.
OPTIONAL_MODULES = (
    "tests.benchmarks.bench_catalog",
    "tests.benchmarks.bench_adoption",
    "tests.benchmarks.bench_citizens",
    "tests.benchmarks.bench_filing_http",
    "tests.benchmarks.bench_inbox",
)


def main() -> int:
    # The benchmark process itself runs like production too (DEBUG off records no queries).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()

    from tests.benchmarks import http_throughput, onboarding
    from tests.benchmarks.report import Report

    report = Report()
    started = time.monotonic()
    print("→ Benchmark (make bench): cifras de esta máquina, en una sola corrida", flush=True)
    heading = _machine()
    for key, value in heading:
        print(f"  {key}: {value}", flush=True)

    with onboarding.throwaway_cleanup():
        report.start_section("Preparando / preparing a throwaway government")
        slug = onboarding.throwaway_slug("http")
        government = onboarding.onboard_throwaway(slug)
        host = government.domains.get().domain
        http_throughput.measure(report, host=host, schema_name=government.schema_name)
        onboarding.measure(report)

    failed = []
    for name in OPTIONAL_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        report.start_section(name.rsplit(".", 1)[-1])
        try:
            importlib.import_module(name).run(report)
        except Exception:
            # One broken module must not hide the figures of the others.
            traceback.print_exc()
            failed.append(name)

    heading.append(("total time", f"{time.monotonic() - started:.0f} s"))
    heading.append(("load average", f"{_load_average()} at the end (1, 5, 15 min)"))
    report.print_table(heading)
    if failed:
        print(f"\n! Failed modules: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _machine() -> list[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (pg_version,) = cursor.fetchone()
    where = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "embedded server"
    return [
        (
            "machine",
            f"{platform.machine()} {platform.system()}, {len(os.sched_getaffinity(0))} CPUs (nproc)",
        ),
        ("python", platform.python_version()),
        ("postgresql", f"{pg_version.split()[0]} ({where})"),
        # Other work on the machine shifts every figure; the ratios, taken seconds apart, less.
        ("load average", f"{_load_average()} at the start (1, 5, 15 min)"),
    ]


def _load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
