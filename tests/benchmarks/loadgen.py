"""A small HTTP/1.1 load generator: keep-alive connections driven by asyncio in several processes.

`wrk` is not on a fresh machine, and one Python process would measure its own GIL rather than
the server, so each process runs its own event loop with a share of the connections. Client and
server compete for the same cores, which is why the benchmark only compares figures taken in the
same run, never absolute numbers from different runs.

No Django here: the processes are spawned and import only this module.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.pool import Pool


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@contextmanager
def client_pool(processes: int) -> Iterator[Pool]:
    """The client processes, started once (spawned: they import no Django) and reused."""
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        yield pool


def drive(
    pool: Pool,
    *,
    port: int,
    host_header: str,
    path: str,
    seconds: float,
    processes: int,
    connections_per_process: int,
    headers: str = "",
) -> LoadResult:
    """Send GET `path` to 127.0.0.1:`port` as fast as the server answers, for `seconds`.

    Only responses completed inside the window count; a non-200 answer or a broken connection
    counts as an error (and the connection is reopened). `headers` are extra header lines
    ("Cookie: …\r\n"), e.g. for a page that needs a session.
    """
    # Every process starts counting at the same instant, after all of them have connected.
    start_at = time.time() + 0.3
    outcomes = pool.starmap(
        _run_process,
        [
            (port, host_header, path, start_at, seconds, connections_per_process, headers)
            for _ in range(processes)
        ],
        chunksize=1,
    )
    return LoadResult(
        requests=sum(ok for ok, _ in outcomes),
        errors=sum(errors for _, errors in outcomes),
        seconds=seconds,
    )


def _run_process(
    port: int,
    host_header: str,
    path: str,
    start_at: float,
    seconds: float,
    connections: int,
    headers: str = "",
) -> tuple[int, int]:
    return asyncio.run(
        _run_connections(port, host_header, path, start_at, seconds, connections, headers)
    )


async def _run_connections(
    port: int,
    host_header: str,
    path: str,
    start_at: float,
    seconds: float,
    connections: int,
    headers: str = "",
) -> tuple[int, int]:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: ventanilla-bench\r\n"
        f"Accept: */*\r\n{headers}\r\n"
    ).encode("ascii")
    end_at = start_at + seconds
    outcomes = await asyncio.gather(
        *(_connection_loop(port, request, start_at, end_at) for _ in range(connections))
    )
    return sum(ok for ok, _ in outcomes), sum(errors for _, errors in outcomes)


async def _connection_loop(
    port: int, request: bytes, start_at: float, end_at: float
) -> tuple[int, int]:
    ok = errors = 0
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    # Connected before the window opens; wait for it so every connection starts together.
    await asyncio.sleep(max(0.0, start_at - time.time()))
    try:
        while (now := time.time()) < end_at:
            try:
                status, keep_alive = await _exchange(reader, writer, request)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                status, keep_alive = 0, False
            if time.time() <= end_at and now >= start_at:
                if status == 200:
                    ok += 1
                else:
                    errors += 1
            if not keep_alive:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()
    return ok, errors


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bool]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    lowered = head.lower()
    marker = lowered.find(b"\r\ncontent-length:")
    if marker < 0:
        # Every answer the benchmark asks for has a length; anything else is an error.
        return 0, False
    line_end = lowered.index(b"\r\n", marker + 2)
    length = int(lowered[marker + len(b"\r\ncontent-length:") : line_end])
    if length:
        await reader.readexactly(length)
    return status, b"\r\nconnection: close" not in lowered
