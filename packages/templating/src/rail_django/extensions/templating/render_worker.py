"""Rendering inside a forked worker process bounded in time and memory.

WeasyPrint cannot be interrupted from another thread and does not give memory back after a
large document, and ``file://`` reads ignore timeouts. With ``render_limits.worker_process`` on,
each render runs in a child forked from the server process: the child gets an address-space
limit (``max_memory_mb`` above what it inherited) and is killed at ``timeout_seconds``. A
runaway template then ends with ``PDF_RENDER_LIMIT`` and the server keeps its memory.
The child only turns an HTML string into PDF bytes: it touches no database connection.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.extensions.templating.render_errors import TemplatingError

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _virtual_size() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * _PAGE


def _child(write_fd: int, work: Callable[..., bytes], args: tuple[Any, ...], extra: int) -> None:
    try:
        limit = _virtual_size() + extra
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        outcome: tuple[Any, ...] = ("ok", work(*args))
    except MemoryError:
        outcome = ("limit", None)
    except RailError as error:
        outcome = ("rail", error.message, str(error.code))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, never raised here
        # C code (cairo, pango, cffi) that cannot allocate under the limit often raises
        # SystemError ("error return without exception set") instead of MemoryError.
        hit_limit = isinstance(error, SystemError) or _out_of_memory()
        outcome = ("limit", None) if hit_limit else ("failed", type(error).__name__)
    with os.fdopen(write_fd, "wb") as out:
        out.write(pickle.dumps(outcome))


def _out_of_memory() -> bool:
    try:
        bytearray(32 << 20)
    except MemoryError:
        return True
    return False


def run_in_worker(
    work: Callable[..., bytes], args: tuple[Any, ...], *, timeout: float, max_memory_mb: int
) -> bytes:
    """``work(*args)`` in a forked child; ``PDF_RENDER_LIMIT`` past the limits."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into the server's code
        os.close(read_fd)
        try:
            _child(write_fd, work, args, max_memory_mb * 1024 * 1024)
        finally:
            os._exit(0)
    os.close(write_fd)
    data = _read_until(read_fd, pid, time.monotonic() + timeout)
    os.waitpid(pid, 0)  # reap the child (killed or finished)
    if data is None or not data:
        raise TemplatingError(
            _("The PDF render ran past its time or memory limit and was stopped."),
            ErrorCode.PDF_RENDER_LIMIT,
        )
    outcome = pickle.loads(data)  # noqa: S301 - written by our own forked child
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "limit":
        raise TemplatingError(
            _("The PDF render ran past its memory limit and was stopped."),
            ErrorCode.PDF_RENDER_LIMIT,
        )
    if outcome[0] == "rail":
        raise TemplatingError(outcome[1], outcome[2])
    raise RuntimeError(outcome[1])


def _read_until(read_fd: int, pid: int, deadline: float) -> bytes | None:
    chunks: list[bytes] = []
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            ready = select.select([pipe], [], [], max(remaining, 0))[0] if remaining > 0 else []
            if not ready:
                os.kill(pid, signal.SIGKILL)
                return None
            chunk = pipe.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
