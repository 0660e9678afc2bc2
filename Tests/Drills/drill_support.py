"""What the drills share: the binary, servers they can kill and restart on the same port,
HTTP with a deadline that tells a time-out from an answer, a throw-away PostgreSQL schema,
an organisation seeded through the API, /proc readings and the one-line summaries.

The drills drive the already-built `switchboard` binary (SWITCHBOARD_BINARY, else
`.build/debug/switchboard`) and never build anything. Every server listens on 127.0.0.1 only and
is stopped when its drill is done. Deliberately no conftest.py here: the end-to-end tests import
their own `conftest` module by name, and a second one on the path would shadow it.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_BINARY = REPOSITORY / ".build" / "debug" / "switchboard"
TORTURE_DIRECTORIES = [
    REPOSITORY / "Tests" / "TelephonyTests" / "Torture",
    Path("/work/shared/testdata/sip-torture"),
]

STARTUP_TIMEOUT = 90.0
SHUTDOWN_TIMEOUT = 10.0
CLI_TIMEOUT = 60.0
#: Where every drill appends its one-line summary (besides printing it).
SUMMARY_FILE = Path(os.environ.get("SWITCHBOARD_DRILL_SUMMARY", REPOSITORY / ".build" / "drills-summary.txt"))


# MARK: - Settings


def env_number(name: str, default: float) -> float:
    """A number from the environment (the by-hand knobs), else `default`."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        return float(text)
    except ValueError:
        pytest.fail(f"{name}={text!r} is not a number", pytrace=False)


def env_int(name: str, default: int) -> int:
    return int(env_number(name, default))


# MARK: - The binary


def binary_path() -> Path:
    return Path(os.environ.get("SWITCHBOARD_BINARY", DEFAULT_BINARY))


@pytest.fixture(scope="session")
def binary() -> Path:
    path = binary_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.skip(f"the switchboard binary is missing at {path}: build it first (swift build) or set SWITCHBOARD_BINARY")
    return path


def clean_environment(**overrides: str) -> dict[str, str]:
    """The caller's environment without SWITCHBOARD_* settings, plus `overrides`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SWITCHBOARD_")}
    env.setdefault("SWITCHBOARD_LOG_LEVEL", "warning")
    env.setdefault("SWITCHBOARD_SIP", "off")
    env.setdefault("SWITCHBOARD_DEMO_CALLS_PER_HOUR", "0")
    env.update(overrides)
    return env


def run_cli(binary: Path, *args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=clean_environment(), timeout=CLI_TIMEOUT
    )


def sqlite_url(path: Path) -> str:
    return "sqlite://" + str(Path(path).resolve())


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_udp_port() -> int:
    return free_port(socket.SOCK_DGRAM)


# MARK: - HTTP


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)


class NoAnswer(Exception):
    """No HTTP answer: `kind` is "timeout" (the deadline passed), "refused" (nothing listens) or
    "broken" (the connection was reset or closed without an answer)."""

    def __init__(self, kind: str, detail: str, seconds: float):
        super().__init__(f"{kind}: {detail} after {seconds:.1f} s")
        self.kind = kind
        self.detail = detail
        self.seconds = seconds


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def request(
    method: str, url: str, body=None, token: str | None = None, timeout: float = 15.0, headers: dict[str, str] | None = None,
    raw: bytes | None = None,
) -> Answer:
    """One HTTP request; error statuses are answers, not exceptions; no answer raises NoAnswer."""
    data = raw
    request_headers = {"Accept": "application/json"}
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        request_headers["Content-Type"] = "application/json"
    if token:
        request_headers["Authorization"] = f"Bearer {token}"
    request_headers.update(headers or {})
    started = time.monotonic()
    prepared = urllib.request.Request(url, data=data, method=method, headers=request_headers)
    try:
        with _opener.open(prepared, timeout=timeout) as response:
            payload = response.read()
            return Answer(response.status, dict(response.headers), payload, time.monotonic() - started)
    except urllib.error.HTTPError as error:
        with error:
            try:
                payload = error.read()
            except (OSError, http.client.HTTPException):
                payload = b""
            return Answer(error.code, dict(error.headers or {}), payload, time.monotonic() - started)
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        elapsed = time.monotonic() - started
        reason = getattr(error, "reason", error)
        if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
            raise NoAnswer("timeout", str(reason), elapsed) from None
        if isinstance(reason, ConnectionRefusedError) or "Connection refused" in str(reason):
            raise NoAnswer("refused", str(reason), elapsed) from None
        raise NoAnswer("broken", repr(reason), elapsed) from None


def sign_in(base_url: str, username: str, password: str) -> str:
    answer = request("POST", base_url + "/api/v1/sessions", {"username": username, "password": password})
    assert answer.status == 201, f"signing in as {username} gave HTTP {answer.status}: {answer.text}"
    return answer.json()["token"]


# MARK: - Servers


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


@dataclass
class Server:
    """`switchboard serve|demo ARGS… --http 127.0.0.1:PORT`, restartable on the same port."""

    binary: Path
    command: str
    args: list[str]
    log_dir: Path
    env: dict[str, str] | None = None
    port: int = 0
    process: subprocess.Popen | None = None
    starts: int = 0
    logs: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        if not self.port:
            self.port = free_port()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = STARTUP_TIMEOUT) -> float:
        """Starts the process and waits for /healthz 200; returns the seconds that took."""
        assert not self.alive(), "already running"
        self.starts += 1
        log = self.log_dir / f"{self.command}-{self.port}-{self.starts}.log"
        self.logs.append(log)
        started = time.monotonic()
        with open(log, "wb") as output:
            self.process = subprocess.Popen(
                [str(self.binary), self.command, *self.args, "--http", f"127.0.0.1:{self.port}"],
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, cwd=self.log_dir,
                env=self.env if self.env is not None else clean_environment(),
            )
        last = "no answer yet"
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode} while starting\n{self.output()}")
            try:
                answer = request("GET", self.url("/healthz"), timeout=3)
                if answer.status == 200:
                    return time.monotonic() - started
                last = f"HTTP {answer.status} {answer.text[:200]}"
            except NoAnswer as error:
                last = str(error)
            time.sleep(0.1)
        self.kill()
        raise AssertionError(f"/healthz was not 200 within {timeout:.0f} s (last: {last})\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL: the crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)

    def terminate(self, timeout: float = SHUTDOWN_TIMEOUT) -> float | None:
        """SIGTERM; the seconds until it exited, or None when it was still running after
        `timeout` (then it is killed)."""
        if not self.alive():
            return 0.0
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
            return time.monotonic() - started
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def stop(self) -> None:
        if self.terminate() is None:
            pass  # killed; the drill that cares asserts on terminate() itself

    def output(self, tail: int = 6000) -> str:
        text = "".join(f"--- {log.name} ---\n{_read(log)}\n" for log in self.logs[-2:])
        return text[-tail:]

    # /proc readings of the live process.
    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/fd"))


@contextlib.contextmanager
def server(binary: Path, command: str, *args: str, log_dir: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    running = Server(binary, command, list(args), log_dir, env)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def demo_server(binary: Path, tmp: Path, *args: str, env: dict[str, str] | None = None):
    """`switchboard demo` on a fresh data directory (no live traffic unless asked)."""
    extra = list(args)
    if not any(arg.startswith("--calls-per-hour") for arg in extra):
        extra.append("--no-traffic")
    return server(binary, "demo", "--data-dir", str(tmp / "demo-data"), *extra, log_dir=tmp / "logs", env=env)


# MARK: - PostgreSQL


def postgres_url_or_skip() -> str:
    url = os.environ.get("SWITCHBOARD_TEST_POSTGRES_URL", "").strip()
    if not url:
        reason = (
            "SWITCHBOARD_TEST_POSTGRES_URL is not set; set it to a PostgreSQL URL such as "
            "postgres://switchboard:switchboard@127.0.0.1:55432/switchboard to run the PostgreSQL drills"
        )
        if os.environ.get("SWITCHBOARD_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"SWITCHBOARD_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    if shutil.which("psql") is None:
        pytest.fail("psql is needed to create a schema for the PostgreSQL drills", pytrace=False)
    return url


def with_search_path(url: str, schema: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(key, value) for key, value in urllib.parse.parse_qsl(parts.query) if key != "search_path"]
    query.append(("search_path", schema))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def psql(url: str, statement: str, timeout: float = 60) -> str:
    base = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(query=""))
    result = subprocess.run(
        ["psql", base, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", statement], capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"psql {statement!r} failed:\n{result.stderr}"
    return result.stdout


@contextlib.contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema of the test database (its URL); dropped afterwards."""
    schema = "s_drill_" + uuid.uuid4().hex[:12]
    psql(url, f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(url, schema)
    finally:
        # PostgreSQL may just have been killed by a drill: give it a moment to be back.
        for attempt in range(30):
            try:
                psql(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                break
            except (AssertionError, subprocess.TimeoutExpired):
                time.sleep(1)


# MARK: - An organisation for `serve`, seeded through the API


ADMIN = "drill-admin"
PASSWORD = "drill-pass-phrase-1"


@dataclass
class Organisation:
    admin_token: str
    supervisor_token: str
    queue: str  # the extension callers dial
    queue_id: int
    agents: list[dict]  # {"id", "username", "token"}


def prepare_database(binary: Path, database: str, cwd: Path) -> None:
    """`switchboard migrate`, then an administrator from the console."""
    migrated = run_cli(binary, "migrate", "--database", database, cwd=cwd)
    assert migrated.returncode == 0, migrated.stderr
    added = run_cli(
        binary, "user", "add", "--username", ADMIN, "--display-name", "Drill Admin", "--role", "admin", "--database", database,
        stdin=PASSWORD + "\n", cwd=cwd,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr


def seed_organisation(base_url: str, agents: int, extension: str = "850") -> Organisation:
    """A supervisor, `agents` agents and one queue every agent serves, created through the API."""
    admin = sign_in(base_url, ADMIN, PASSWORD)

    def post(path: str, body: dict) -> dict:
        answer = request("POST", base_url + path, body, token=admin)
        assert answer.status == 201, f"POST {path} {body} gave HTTP {answer.status}: {answer.text}"
        return answer.json()

    post("/api/v1/users", {"username": "drill-supervisor", "displayName": "Drill Supervisor", "roles": ["supervisor"], "password": PASSWORD})
    queue = post(
        "/api/v1/queues",
        {"name": "Drill", "extension": extension, "serviceLevel": {"percent": 80, "seconds": 20}, "wrapUpSeconds": 1, "maxWaitingCalls": 1000},
    )
    created = []
    for index in range(1, agents + 1):
        username = f"drill-agent{index:02d}"
        user = post("/api/v1/users", {"username": username, "displayName": f"Drill Agent {index}", "roles": ["agent"], "password": PASSWORD})
        agent = post("/api/v1/agents", {"userId": user["id"]})
        created.append({"id": agent["id"], "username": username})
    supervisor = sign_in(base_url, "drill-supervisor", PASSWORD)
    for agent in created:
        agent["token"] = sign_in(base_url, agent["username"], PASSWORD)
    return Organisation(admin, supervisor, extension, queue["id"], created)


# MARK: - Summaries


def summary(capsys, drill: str, **figures) -> str:
    """Prints `DRILL <name>: key=value …` past pytest's capture and appends it to SUMMARY_FILE."""
    line = f"DRILL {drill}: " + " ".join(f"{key.replace('_', '-')}={value}" for key, value in figures.items())
    with capsys.disabled():
        print("\n" + line, flush=True)
    with contextlib.suppress(OSError):
        SUMMARY_FILE.parent.mkdir(parents=True, exist_ok=True)
        with open(SUMMARY_FILE, "a") as out:
            out.write(line + "\n")
    return line


def say(capsys, text: str) -> None:
    """Progress for long drills, shown while they run."""
    with capsys.disabled():
        print(text, flush=True)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
