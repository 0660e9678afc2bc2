"""Shared fixtures for Switchboard's end-to-end tests.

These tests drive the already-built `switchboard` binary as a user would: through its command
line, its HTTP API and its web pages in a real browser. They never build the package; point
SWITCHBOARD_BINARY at another binary to test that one instead of `.build/debug/switchboard`.

Every server started here listens on 127.0.0.1 only, on a free port, and is always stopped
(SIGTERM, then SIGKILL) when its test is done.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_BINARY = REPOSITORY / ".build" / "debug" / "switchboard"

#: How long a server may take to answer /healthz with 200 after it was started.
STARTUP_TIMEOUT = 60.0
#: How long a server may take to exit after SIGTERM before it is killed.
SHUTDOWN_TIMEOUT = 10.0
#: Timeout of a single command-line invocation.
CLI_TIMEOUT = 60.0


# MARK: - The binary and its environment


def binary_path() -> Path:
    return Path(os.environ.get("SWITCHBOARD_BINARY", DEFAULT_BINARY))


@pytest.fixture(scope="session")
def binary() -> Path:
    """The switchboard executable under test; skips every test that needs it when it is missing."""
    path = binary_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.skip(
            f"the switchboard binary is missing at {path}: build it first (swift build) "
            "or set SWITCHBOARD_BINARY to an executable"
        )
    return path


def clean_environment(**overrides: str) -> dict[str, str]:
    """The caller's environment without SWITCHBOARD_* settings (so a developer's own
    configuration never leaks into a test), plus `overrides`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SWITCHBOARD_")}
    env.setdefault("SWITCHBOARD_LOG_LEVEL", "info")
    # SIP would take UDP 5060, shared by every server a test starts: the SIP tests ask for it.
    env.setdefault("SWITCHBOARD_SIP", "off")
    # The demo's live traffic would change what the tests count; tests that want it ask.
    env.setdefault("SWITCHBOARD_DEMO_CALLS_PER_HOUR", "0")
    env.update(overrides)
    return env


def run_cli(
    binary: Path, *args: str, stdin: str | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Runs `switchboard ARGS…` to completion and returns its exit status and output.

    Without `stdin` the command's standard input is empty (end of file at once)."""
    return subprocess.run(
        [str(binary), *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env if env is not None else clean_environment(),
        timeout=CLI_TIMEOUT,
    )


def sqlite_url(path: Path) -> str:
    """A sqlite database URL for an absolute path: sqlite:///abs/path.sqlite."""
    return "sqlite://" + str(Path(path).resolve())


# MARK: - Ports and HTTP


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_udp_port() -> int:
    """A UDP port on 127.0.0.1 that nothing is bound to right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# No proxies: every request here goes to a server on 127.0.0.1.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class HTTPResult:
    status: int
    headers: dict[str, str]
    body: bytes
    header_list: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.header_list if key.lower() == name.lower()]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: D401 - urllib hook
        return None


_no_redirect_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def http(
    method: str,
    url: str,
    json_body=None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    follow_redirects: bool = True,
    timeout: float = 10.0,
) -> HTTPResult:
    """One HTTP request with the standard library; error statuses are returned, not raised."""
    data = None
    request_headers = {"Accept": "application/json"}
    if json_body is not None:
        data = json.dumps(json_body).encode("utf-8")
        request_headers["Content-Type"] = "application/json"
    if token is not None:
        request_headers["Authorization"] = f"Bearer {token}"
    request_headers.update(headers or {})
    request = urllib.request.Request(url, data=data, method=method, headers=request_headers)
    opener = _opener if follow_redirects else _no_redirect_opener
    try:
        with opener.open(request, timeout=timeout) as response:
            return HTTPResult(response.status, dict(response.headers), response.read(), list(response.headers.items()))
    except urllib.error.HTTPError as error:
        with error:
            return HTTPResult(error.code, dict(error.headers), error.read(), list(error.headers.items()))


# MARK: - Servers


@dataclass
class RunningServer:
    """A `switchboard serve` or `switchboard demo` process listening on 127.0.0.1:port."""

    process: subprocess.Popen
    port: int
    stdout_path: Path
    stderr_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def output(self) -> str:
        """What the server printed so far, for failure messages."""
        return (
            f"--- stdout ({self.stdout_path}) ---\n{_read(self.stdout_path)}"
            f"\n--- stderr ({self.stderr_path}) ---\n{_read(self.stderr_path)}"
        )

    def stop(self, timeout: float = SHUTDOWN_TIMEOUT) -> int:
        """Sends SIGTERM and waits up to `timeout` seconds; returns the exit status.
        Raises subprocess.TimeoutExpired (after killing the process) when it did not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)
            raise


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def _wait_until_healthy(server: RunningServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerExited(f"the server exited with status {server.process.returncode} before it was healthy")
        try:
            result = http("GET", server.url("/healthz"), timeout=2.0)
            if result.status == 200:
                return
            last = f"HTTP {result.status}: {result.text}"
        except (OSError, urllib.error.URLError) as error:
            last = repr(error)
        time.sleep(0.2)
    raise TimeoutError(f"/healthz was not 200 within {timeout:.0f} s (last: {last})")


class ServerExited(RuntimeError):
    pass


@contextlib.contextmanager
def running_server(
    binary: Path,
    command: str,
    *args: str,
    log_dir: Path,
    env: dict[str, str] | None = None,
    startup_timeout: float = STARTUP_TIMEOUT,
    attempts: int = 3,
) -> Iterator[RunningServer]:
    """Starts `switchboard COMMAND ARGS… --http 127.0.0.1:PORT` on a free port, waits until
    /healthz answers 200, yields the server and always stops it afterwards.

    A port taken between choosing and binding it is retried on another port."""
    log_dir.mkdir(parents=True, exist_ok=True)
    server: RunningServer | None = None
    try:
        for attempt in range(1, attempts + 1):
            port = free_port()
            stdout_path = log_dir / f"{command}-{port}.stdout.log"
            stderr_path = log_dir / f"{command}-{port}.stderr.log"
            with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
                process = subprocess.Popen(
                    [str(binary), command, *args, "--http", f"127.0.0.1:{port}"],
                    stdin=subprocess.DEVNULL,
                    stdout=stdout,
                    stderr=stderr,
                    cwd=log_dir,
                    env=env if env is not None else clean_environment(),
                )
            server = RunningServer(process, port, stdout_path, stderr_path)
            try:
                _wait_until_healthy(server, startup_timeout)
                break
            except ServerExited as error:
                in_use = "address already in use" in _read(stderr_path).lower()
                if in_use and attempt < attempts:
                    continue
                raise AssertionError(f"{error}\n{server.output()}") from None
            except TimeoutError as error:
                raise AssertionError(f"{error}\n{server.output()}") from None
        yield server
    finally:
        if server is not None and server.process.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.stop()


def sign_in_api(server: RunningServer, username: str, password: str) -> str:
    """Signs in through the API and returns the bearer token."""
    result = http("POST", server.url("/api/v1/sessions"), {"username": username, "password": password})
    assert result.status == 201, f"signing in as {username} gave HTTP {result.status}: {result.text}"
    return result.json()["token"]


# MARK: - Fixtures


@pytest.fixture
def start_server(binary: Path, tmp_path: Path):
    """A factory: `with start_server("serve", "--database", url) as server: …`. Logs go to tmp_path."""

    def start(command: str, *args: str, env: dict[str, str] | None = None):
        return running_server(binary, command, *args, log_dir=tmp_path / "server-logs", env=env)

    return start


@pytest.fixture(scope="module")
def demo_server(binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """`switchboard demo` on its own fresh data directory, shared by one test module."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    with running_server(
        binary, "demo", "--data-dir", str(data_dir), log_dir=tmp_path_factory.mktemp("demo-logs")
    ) as server:
        yield server


@pytest.fixture
def switchboard_cli(binary: Path, tmp_path: Path):
    """Runs `switchboard ARGS…` in tmp_path and returns the completed process."""

    def run(*args: str):
        return run_cli(binary, *args, cwd=tmp_path)

    return run
