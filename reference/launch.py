"""Start `python -m reference` (or a server with its command line) as a subprocess.

For tests and benchmarks that need real HTTP: a free loopback port, a given database and
bootstrap token, and a return only once the server is ready.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A loopback port nothing listened on a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def accepts(port: int) -> bool:
    """Whether the loopback port takes a connection: uvicorn listens once the app started."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Launched:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"


def launch(
    db: Path,
    token: str,
    *,
    server: Sequence[str] = ("reference",),
    log: Path | None = None,
    ready: Callable[[int], bool] = accepts,
) -> Launched:
    """`python -m *server --port P --db db`, with `token` as API_BOOTSTRAP_TOKEN.

    `server` is a module and its own arguments. Output is appended to `log` (discarded without
    one). Returns once `ready(port)`; raises RuntimeError, with the process stopped, if it
    exits first or is not ready within 30 s.
    """
    port = free_port()
    command = [sys.executable, "-m", *server, "--port", str(port), "--db", str(db)]
    env = {**os.environ, "API_BOOTSTRAP_TOKEN": token}
    with open(log or os.devnull, "ab") as out:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_ready(process, port, ready)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return Launched(process, port)


def _wait_ready(process: subprocess.Popen[bytes], port: int, ready: Callable[[int], bool]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited (code {process.returncode})")
        if ready(port):
            return
        time.sleep(0.05)
    raise RuntimeError("the server did not start")
