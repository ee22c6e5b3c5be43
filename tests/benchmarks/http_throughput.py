"""Requests per second of a trivial page: tenant-resolved vs plain Django vs stock django-tenants.

Each variant runs under the production server (deploy/gunicorn.conf.py, DEBUG off, the same
number of workers) on a free loopback port. All three start before measuring and are then
measured in turns (plain, tenant, stock, plain, …), so that a change in the machine's load
during the run touches all of them alike; the figure is the median of the rounds.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.pool import Pool
from pathlib import Path

from tests.benchmarks.loadgen import LoadResult, client_pool, drive
from tests.benchmarks.report import Report

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
LOG_DIR = ROOT / "var" / "bench"

SECONDS = float(os.environ.get("BENCH_SECONDS", "2.5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CLIENT_PROCESSES = int(os.environ.get("BENCH_CLIENT_PROCESSES", "2"))
CONNECTIONS_PER_PROCESS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WARMUP_SECONDS = 1.0
TARGET_RATIO = 0.85


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    settings_module: str


VARIANTS = (
    Variant("plain", "plain Django (no tenant middleware)", "tests.benchmarks.plain_settings"),
    Variant("tenant", "Ventanilla tenant routing (cached)", "tests.benchmarks.tenant_settings"),
    Variant(
        "stock", "stock django-tenants (lookup per request)", "tests.benchmarks.stock_settings"
    ),
)
PAGES = (
    ("/_bench/ping", "trivial page, no query"),
    ("/_bench/query", "trivial page + 1 query"),
)


@dataclass
class Server:
    variant: Variant
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path


def measure(report: Report, *, host: str, schema_name: str) -> None:
    report.start_section(
        f"HTTP throughput (gunicorn, DEBUG off, {WORKERS} workers; "
        f"{CLIENT_PROCESSES}×{CONNECTIONS_PER_PROCESS} keep-alive connections; "
        f"{ROUNDS} rounds × {SECONDS:g} s)"
    )
    with _servers(report) as servers, client_pool(CLIENT_PROCESSES) as pool:
        for server in servers:
            for path, _ in PAGES:
                _check_answer(server, host=host, path=path, schema_name=schema_name)
        report.progress(f"Calentando / Warming up ({WARMUP_SECONDS:g} s each)")
        for server in servers:
            for path, _ in PAGES:
                _load(pool, server, host, path, WARMUP_SECONDS)

        rates: dict[tuple[str, str], list[float]] = {}
        # Requests per CPU-second of the server's own processes: hardly moved by other work on
        # the machine, unlike requests per wall-clock second.
        efficiency: dict[tuple[str, str], list[float]] = {}
        for round_number in range(1, ROUNDS + 1):
            # Forwards then backwards (plain, tenant, stock, stock, tenant, plain, …), so that a
            # steady rise or fall of the machine's other load favours no variant.
            order = servers if round_number % 2 else servers[::-1]
            for path, _ in PAGES:
                line = []
                for server in order:
                    cpu_before = _server_cpu_seconds(server)
                    result = _load(pool, server, host, path, SECONDS)
                    cpu = _server_cpu_seconds(server) - cpu_before
                    if cpu > 0:
                        efficiency.setdefault((server.variant.key, path), []).append(
                            result.requests / cpu
                        )
                    if result.errors:
                        raise RuntimeError(
                            f"{server.variant.key} {path}: {result.errors} failed requests; "
                            f"see {server.log_path}"
                        )
                    rates.setdefault((server.variant.key, path), []).append(result.per_second)
                    line.append(f"{server.variant.key} {result.per_second:,.0f}")
                report.progress(
                    f"Ronda / round {round_number}/{ROUNDS} {path}: " + ", ".join(line) + " req/s"
                )

    for path, description in PAGES:
        for variant in VARIANTS:
            values = rates[(variant.key, path)]
            report.figure(
                f"{description}: {variant.label}",
                f"{statistics.median(values):,.0f} [{min(values):,.0f}–{max(values):,.0f}]",
                "req/s median [min–max]",
            )
        # Each round's ratio compares runs seconds apart, under nearly the same outside load;
        # the median of those is steadier than a ratio of medians on a busy machine.
        plain = rates[("plain", path)]
        for key, label, goal in (
            ("tenant", "tenant / plain", f"≥ {TARGET_RATIO}"),
            ("stock", "stock django-tenants / plain", "≈ 0.35 (reference)"),
        ):
            ratios = [r / p for r, p in zip(rates[(key, path)], plain, strict=True)]
            ratio = statistics.median(ratios)
            report.figure(
                f"{description}: {label}",
                f"{ratio:.2f} [{min(ratios):.2f}–{max(ratios):.2f}]",
                "median of rounds [min–max]",
                goal,
                met=ratio >= TARGET_RATIO if key == "tenant" else None,
            )
        if all((v.key, path) in efficiency for v in VARIANTS):
            per_cpu = {v.key: statistics.median(efficiency[(v.key, path)]) for v in VARIANTS}
            report.figure(
                f"{description}: gunicorn CPU per request, plain / tenant / stock",
                " / ".join(f"{1000 / per_cpu[v.key]:.2f}" for v in VARIANTS),
                "ms",
            )
            ratio = per_cpu["tenant"] / per_cpu["plain"]
            report.figure(
                f"{description}: tenant / plain, requests per server CPU-second",
                ratio,
                "ratio",
                f"≥ {TARGET_RATIO}",
                met=ratio >= TARGET_RATIO,
                note=(
                    "CPU of the gunicorn processes only, so steady under outside load; "
                    "PostgreSQL's share (larger for stock django-tenants) is not counted"
                ),
            )


def _load(pool: Pool, server: Server, host: str, path: str, seconds: float) -> LoadResult:
    return drive(
        pool,
        port=server.port,
        host_header=host,
        path=path,
        seconds=seconds,
        processes=CLIENT_PROCESSES,
        connections_per_process=CONNECTIONS_PER_PROCESS,
    )


@contextmanager
def _servers(report: Report) -> Iterator[list[Server]]:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    # One throwaway key for the three servers: DEBUG off refuses to start without one.
    secret_key = secrets.token_urlsafe(50)
    servers: list[Server] = []
    try:
        for variant in VARIANTS:
            servers.append(_start(variant, secret_key))
        report.progress(
            "Servidores / servers: "
            + ", ".join(f"{s.variant.key} 127.0.0.1:{s.port}" for s in servers)
        )
        for server in servers:
            _wait_until_up(server)
        yield servers
    finally:
        for server in servers:
            _stop(server)


def _start(variant: Variant, secret_key: str) -> Server:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": variant.settings_module,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secret_key,
        "BIND_HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(WORKERS),
        # Writing an access-log line per request would compete with the server for the CPU.
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"gunicorn-{variant.key}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        # Its own session: Ctrl+C reaches only the benchmark, which then stops the server.
        start_new_session=True,
    )
    log.close()
    return Server(variant=variant, port=port, process=process, log_path=log_path)


def _wait_until_up(server: Server, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"gunicorn ({server.variant.key}) exited with {server.process.returncode}:\n"
                + _tail(server.log_path)
            )
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn ({server.variant.key}) did not start:\n" + _tail(server.log_path))


def _check_answer(server: Server, *, host: str, path: str, schema_name: str) -> None:
    """One request before measuring, so a misrouted variant fails loudly instead of timing 404s."""
    expected = "-" if server.variant.key == "plain" else schema_name
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}{path}", headers={"Host": host}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            body = response.read().decode()
    except urllib.error.HTTPError as error:
        raise RuntimeError(
            f"{server.variant.key} {path} answered {error.code}:\n" + _tail(server.log_path)
        ) from error
    if body.split()[:2] != ["ok", expected]:
        raise RuntimeError(f"{server.variant.key} {path} answered {body!r}, expected ok {expected}")


def _stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=5)


def _server_cpu_seconds(server: Server) -> float:
    """User + system CPU of the gunicorn master and its workers, including workers already
    recycled (the kernel adds a reaped child's time to its parent's). 0 where there is no /proc."""
    master = server.process.pid
    try:
        total = _cpu_ticks(master, with_reaped_children=True)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = _stat_fields(stat.read_text())
            except OSError:  # the process ended meanwhile
                continue
            if int(fields[1]) == master:
                total += int(fields[11]) + int(fields[12])
    except OSError:
        return 0.0
    return total / os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pid: int, *, with_reaped_children: bool) -> int:
    fields = _stat_fields(Path(f"/proc/{pid}/stat").read_text())
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if with_reaped_children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks


def _stat_fields(stat: str) -> list[str]:
    # Fields after "pid (command)"; the command may itself contain spaces or parentheses.
    return stat[stat.rindex(")") + 2 :].split()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
