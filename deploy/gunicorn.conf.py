"""Gunicorn settings for production: `gunicorn config.wsgi -c deploy/gunicorn.conf.py`.

Every value can be changed by an environment variable, so the same file serves a laptop
(`make serve`), the benchmark and, later, the container image.
"""

from __future__ import annotations

import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    # The CPUs this process may run on, which a container's cpuset limits; cpu_count() does not.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# The usual 2 × cores + 1, capped: beyond that, workers only add memory and database connections.
MAX_DEFAULT_WORKERS = 12

# Bound to every interface by default because in a container the proxy reaches us from outside;
# set BIND_HOST=127.0.0.1 to listen on loopback only.
bind = [f"{os.environ.get('BIND_HOST', '0.0.0.0')}:{_int('PORT', 8000)}"]  # noqa: S104
workers = _int("WEB_CONCURRENCY", min(2 * _cores() + 1, MAX_DEFAULT_WORKERS))
# Threads let one worker keep idle keep-alive connections open and overlap database waits; the
# sync worker closes the connection after every response.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _int("GUNICORN_THREADS", 4)

# Load Django once in the master: workers fork with the code already imported (less memory,
# faster restarts). Django opens no database connection at import time, so none is shared.
preload_app = True

timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak never grows for ever; the jitter keeps them from
# all restarting at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)

# Trust X-Forwarded-Proto/-For only from the reverse proxy (loopback unless told otherwise), so
# request.is_secure() is right behind TLS termination and nobody else can fake it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# "-" is stdout/stderr, where a container runtime collects logs. GUNICORN_ACCESS_LOG="" turns the
# access log off (the benchmark does, so that writing log lines does not compete for the CPU).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms host=%({host}i)s'

# The heartbeat file lives in memory when possible: on a container's overlay disk a slow write
# can make the master think a worker hung.
_SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's own advice; it only holds heartbeat files
if Path(_SHARED_MEMORY).is_dir():
    worker_tmp_dir = _SHARED_MEMORY

# Gunicorn ≥ 25 opens a control socket in $HOME by default; two servers on one machine (the
# benchmark runs three) would fight over it, and nothing here uses it.
control_socket_disable = True
proc_name = "ventanilla"
