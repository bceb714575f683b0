"""A real `steerco serve` process on loopback for the tests and the load benchmark.

The server listens on a free port it picks itself (`--port 0`) and prints its address;
`start_serve` waits (bounded) until it answers, `stop` sends Ctrl-C's signal and `kill`
SIGKILL. Its output goes to a log file that a failing test shows.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["ServeProcess", "start_serve"]

ROOT = Path(__file__).resolve().parents[2]
_ADDRESS = re.compile(r"API:\s+(http://\S+)/api/v1")
_RUN = "import sys; from steerco.cli.main import run; sys.argv[0] = 'steerco'; run()"


@dataclass
class ServeProcess:
    """A running `steerco serve`: its process, base URL (`http://127.0.0.1:PORT`) and log."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def output(self) -> str:
        """Everything the server printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, *, timeout: float = 20) -> int:
        """Ctrl-C (SIGINT), then wait for the exit code (SIGKILL past `timeout`)."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def kill(self) -> None:
        """SIGKILL: the server stops at once, mid-request, as in a crash."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=20)


def _environment() -> dict[str, str]:
    """This checkout's sources first on the path, whatever steerco the interpreter has installed."""
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


def start_serve(
    db: str,
    *,
    workers: int = 1,
    log_level: str = "warning",
    timeout: float = 60,
    log: Path | None = None,
) -> ServeProcess:
    """Start `steerco serve --db DB --port 0` and wait until /api/v1/me answers (401 unsigned)."""
    if log is None:
        handle, name = tempfile.mkstemp(prefix="steerco-serve-", suffix=".log")
        os.close(handle)
        log = Path(name)
    command = [sys.executable, "-c", _RUN, "serve", "--db", db, "--port", "0"]
    command += ["--workers", str(workers), "--log-level", log_level]
    with log.open("wb") as stream:
        process = subprocess.Popen(
            command, stdout=stream, stderr=subprocess.STDOUT, env=_environment(), cwd=ROOT
        )
    deadline = time.monotonic() + timeout
    server = ServeProcess(process=process, base="", log=log)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"steerco serve exited {process.returncode}:\n{server.output()}")
        found = _ADDRESS.search(server.output())
        if found:
            server.base = found.group(1)
            try:
                httpx.get(f"{server.base}/api/v1/me", timeout=2)
                return server
            except httpx.TransportError:
                pass
        time.sleep(0.05)
    server.kill()
    raise RuntimeError(f"steerco serve did not answer in {timeout} s:\n{server.output()}")
