"""Crash under load: SIGKILL the server, and SIGKILL PostgreSQL, while calls flow.

`switchboard serve` on SQLite and on PostgreSQL, seeded through the API (a supervisor, agents, a
queue every agent serves and one nobody serves). A caller thread posts calls at a steady rate
(POST /api/v1/calls as the supervisor) and now and then hangs one up as the caller; each agent
has a thread that goes available, answers what rings (POST /calls/{id}/answer) and hangs up after
a moment (POST /calls/{id}/hangup), finishing wrap-up; a SIP thread places real calls over UDP
(INVITE, then CANCEL or ACK and BYE). Every call the server acknowledged (201, or for SIP a 182
Queued or a 200) is recorded.

Server kill: at seeded random moments the server gets SIGKILL and is restarted on the same
ports. After each restart, before the load resumes: every acknowledged call is stored
(GET /api/v1/calls/{id}), every stored call is terminal (state ended, with an outcome —
`systemRestart` for those that were live), and every agent is logged out. While the server runs
no request may go unanswered for 15 s or get a 5xx other than 503.

PostgreSQL kill: the postmaster gets SIGKILL (its pid from postmaster.pid) under load, and is
started again 5 s later with the options it ran with (postmaster.opts). Every request must be
answered within a deadline (15 s) with success or 503 with Retry-After — never a client time-out
or another 5xx; /healthz says 503 while the database is down and 200 after; a POST /calls
succeeds within 30 s of PostgreSQL being back; no acknowledged call is lost; and SIGTERM makes
the server exit within 10 s.

Needs SWITCHBOARD_TEST_POSTGRES_URL for the PostgreSQL cases (skipped without it, failed with
SWITCHBOARD_REQUIRE_POSTGRES=1), and for killing PostgreSQL also PGDATA_DIR of that cluster (as
exported by `source .ci/postgres.sh && start_postgres`) and the right to signal it (root or its
owner).

By hand, longer: SWITCHBOARD_CRASH_KILLS=20 SWITCHBOARD_CRASH_CALLS_PER_SECOND=40
SWITCHBOARD_CRASH_AGENTS=20 SWITCHBOARD_PG_OUTAGES=10 SWITCHBOARD_CRASH_SEED=3
python3 -m pytest -q Tests/Drills/test_crash_drill.py
"""

from __future__ import annotations

import os
import random
import shlex
import signal
import subprocess
import threading
import time
import urllib.parse
from collections import Counter
from datetime import datetime
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from drill_support import (  # noqa: F401
    NoAnswer, Server, binary, env_int, env_number, free_udp_port, postgres_schema, postgres_url_or_skip,
    prepare_database, request, say, seed_organisation, sign_in, sqlite_url, summary,
)
from sip_support import place_call

KILLS = env_int("SWITCHBOARD_CRASH_KILLS", 3)
SEED = env_int("SWITCHBOARD_CRASH_SEED", 14)
CALLS_PER_SECOND = env_number("SWITCHBOARD_CRASH_CALLS_PER_SECOND", 8)
SIP_CALLS_PER_SECOND = env_number("SWITCHBOARD_CRASH_SIP_CALLS_PER_SECOND", 1)
AGENTS = env_int("SWITCHBOARD_CRASH_AGENTS", 8)
#: Load runs a random time in this range before each kill.
LOAD_SECONDS = (env_number("SWITCHBOARD_CRASH_MIN_SECONDS", 4), env_number("SWITCHBOARD_CRASH_MAX_SECONDS", 10))
PG_OUTAGES = env_int("SWITCHBOARD_PG_OUTAGES", 2)
PG_DOWN_SECONDS = env_number("SWITCHBOARD_PG_DOWN_SECONDS", 5)
#: Every request must be answered within this.
DEADLINE = env_number("SWITCHBOARD_CRASH_REQUEST_DEADLINE", 15)
#: After PostgreSQL is back, a new call must be taken within this.
RECOVERY_SECONDS = 30.0
#: /healthz may take this long to notice the database is gone.
HEALTH_GRACE_SECONDS = 2.0
SHUTDOWN_SECONDS = 10.0

QUEUE, SIP_QUEUE = "850", "851"


# MARK: - The load


@dataclass
class Tally:
    """What the load saw: answers by status, and what is wrong with any of them."""

    statuses: Counter = field(default_factory=Counter)
    timeouts: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, what: str, answer: "object") -> None:
        with self.lock:
            if isinstance(answer, NoAnswer):
                if answer.kind == "timeout":
                    self.timeouts.append(f"{what}: no answer within {answer.seconds:.1f} s")
                elif answer.kind == "broken":
                    self.broken.append(f"{what}: {answer.detail}")
                self.statuses[answer.kind] += 1
                return
            self.statuses[answer.status] += 1
            if answer.status >= 500:
                retry = answer.headers.get("Retry-After")
                if answer.status != 503:
                    self.server_errors.append(f"{what}: HTTP {answer.status} {answer.text[:200]}")
                elif retry is None:
                    self.server_errors.append(f"{what}: 503 without Retry-After")


class Load:
    """Callers, agents and SIP callers against one server, paused while it is down."""

    def __init__(self, server: Server, org, sip: tuple[str, int] | None, seed: int, label: str):
        self.server = server
        self.org = org
        self.sip = sip
        self.rng = random.Random(seed)
        self.label = label
        self.tally = Tally()
        self.running = threading.Event()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: dict[int, str] = {}  # call id → caller number
        self.tried_numbers: set[str] = set()
        self.sip_acknowledged: set[str] = set()
        self.sip_results: list = []
        self.sequence = 0
        self.threads: list[threading.Thread] = []
        self.in_flight = 0
        #: Set while the server is down: SIP callers in progress hang up silently (no INVITE
        #: retransmitted into the restarted server, which would be a new call).
        self.cut = threading.Event()
        self.sip_calls: list[threading.Thread] = []

    def _call(self, what: str, method: str, path: str, body=None, token: str | None = None):
        with self.lock:
            self.in_flight += 1
        try:
            answer = request(method, self.server.url(path), body, token=token, timeout=DEADLINE)
        except NoAnswer as error:
            if self.running.is_set():
                self.tally.note(what, error)
            return None
        finally:
            with self.lock:
                self.in_flight -= 1
        self.tally.note(what, answer)
        return answer

    def number(self, kind: str) -> str:
        with self.lock:
            self.sequence += 1
            return f"+{kind}{self.label}{self.sequence:07d}"

    def callers(self) -> None:
        rng = random.Random(self.rng.random())
        interval = 1.0 / CALLS_PER_SECOND
        next_at = time.monotonic()
        while not self.stopping.is_set():
            if not self.running.wait(0.2):
                next_at = time.monotonic()
                continue
            next_at += interval
            number = self.number("3197")
            with self.lock:
                self.tried_numbers.add(number)
            answer = self._call("POST /calls", "POST", "/api/v1/calls", {"queue": QUEUE, "from": number}, self.org.supervisor_token)
            if answer is not None and answer.status == 201:
                with self.lock:
                    self.acknowledged[answer.json()["id"]] = number
            if rng.random() < 0.1 and self.acknowledged:
                with self.lock:
                    victim = rng.choice(list(self.acknowledged)[-20:])
                self._call("caller hangs up", "POST", f"/api/v1/calls/{victim}/hangup", {"by": "caller"}, self.org.supervisor_token)
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                next_at = time.monotonic()

    def agent(self, agent: dict, seed: float) -> None:
        rng = random.Random(seed)
        talking_since: dict[int, float] = {}
        while not self.stopping.is_set():
            if not self.running.wait(0.2):
                talking_since.clear()
                continue
            token = agent["token"]
            answer = self._call("GET agent state", "GET", f"/api/v1/agents/{agent['id']}/state", token=token)
            if answer is None or answer.status != 200:
                if answer is not None and answer.status == 401:
                    try:
                        agent["token"] = sign_in(self.server.base_url, agent["username"], "drill-pass-phrase-1")
                    except (AssertionError, NoAnswer):
                        pass
                time.sleep(0.2)
                continue
            state = answer.json()
            name, call = state["state"], state.get("callId")
            if name in ("loggedOut", "notReady"):
                self._call("agent available", "POST", f"/api/v1/agents/{agent['id']}/state", {"state": "available"}, token)
            elif name == "ringing" and call:
                time.sleep(rng.uniform(0, 0.3))
                self._call("answer", "POST", f"/api/v1/calls/{call}/answer", token=token)
            elif name in ("talking", "onHold") and call:
                since = talking_since.setdefault(call, time.monotonic() + rng.uniform(0.3, 2.5))
                if time.monotonic() >= since:
                    self._call("agent hangs up", "POST", f"/api/v1/calls/{call}/hangup", {"by": "agent"}, token)
            elif name == "wrapUp":
                self._call("finish wrap-up", "POST", f"/api/v1/agents/{agent['id']}/wrap-up/finish", token=token)
            time.sleep(rng.uniform(0.05, 0.2))

    def sip_callers(self) -> None:
        rng = random.Random(self.rng.random())
        while not self.stopping.is_set():
            if not self.running.wait(0.2):
                continue
            number = self.number("3198")
            dial = QUEUE if rng.random() < 0.5 else SIP_QUEUE
            hold = rng.uniform(0.5, 4)

            def one(number=number, dial=dial, hold=hold) -> None:
                result = place_call(self.sip, dial, number, hold, stop=self.cut, overall=hold + 10)
                with self.lock:
                    self.sip_results.append(result)
                    # 182 Queued or 200 come after the call is stored (180 comes before).
                    if any(status == 182 or 200 <= status < 300 for status in result.invite_statuses):
                        self.sip_acknowledged.add(number)

            thread = threading.Thread(target=one, daemon=True)
            thread.start()
            with self.lock:
                self.sip_calls = [call for call in self.sip_calls if call.is_alive()] + [thread]
            time.sleep(rng.expovariate(SIP_CALLS_PER_SECOND))

    def start(self) -> None:
        self.threads.append(threading.Thread(target=self.callers, daemon=True))
        for agent in self.org.agents:
            self.threads.append(threading.Thread(target=self.agent, args=(agent, self.rng.random()), daemon=True))
        if self.sip is not None and SIP_CALLS_PER_SECOND > 0:
            self.threads.append(threading.Thread(target=self.sip_callers, daemon=True))
        self.running.set()
        for thread in self.threads:
            thread.start()

    def pause(self) -> None:
        """After a kill: no new work, SIP calls cut, requests in flight (failing now) drained."""
        self.running.clear()
        self.cut.set()
        deadline = time.monotonic() + DEADLINE + 5
        while time.monotonic() < deadline:
            with self.lock:
                busy = self.in_flight or any(call.is_alive() for call in self.sip_calls)
            if not busy:
                break
            time.sleep(0.05)

    def resume(self) -> None:
        self.cut.clear()
        self.running.set()

    def stop(self) -> None:
        self.stopping.set()
        self.cut.set()
        self.running.set()  # let waiting threads see the stop
        for thread in self.threads + self.sip_calls:
            thread.join(timeout=DEADLINE + 20)


# MARK: - Checks


@dataclass
class Records:
    """The calls found in the database through the API, by id."""

    calls: dict[int, dict] = field(default_factory=dict)
    scanned_to: int = 0


def scan_calls(server: Server, token: str, records: Records, highest_known: int, margin: int = 200) -> list[dict]:
    """Reads calls from the last scanned id on until `margin` ids in a row past
    `highest_known` are missing; returns the ones read now."""
    new = []
    missing_run = 0
    call = records.scanned_to + 1
    while call <= highest_known or missing_run < margin:
        answer = request("GET", server.url(f"/api/v1/calls/{call}"), token=token, timeout=DEADLINE)
        if answer.status == 200:
            record = answer.json()
            records.calls[call] = record
            new.append(record)
            missing_run = 0
            records.scanned_to = call
        elif answer.status == 404:
            missing_run += 1 if call > highest_known else 0
        else:
            raise AssertionError(f"GET /calls/{call} gave HTTP {answer.status}: {answer.text}")
        call += 1
    return new


def arrived(call: dict) -> float:
    """A call's arrival as seconds since the epoch."""
    return datetime.fromisoformat(call["arrivedAt"].replace("Z", "+00:00")).timestamp()


def check_after_restart(server: Server, load: Load, records: Records, restarted_at: float) -> dict:
    """Right after a restart (the load paused): what is stored, terminal and logged out. Calls
    that arrived after the restart (`restarted_at`, seconds since the epoch) may be live."""
    token = load.org.supervisor_token
    with load.lock:
        acknowledged = dict(load.acknowledged)
        sip_acknowledged = set(load.sip_acknowledged)
    new = scan_calls(server, token, records, max(acknowledged, default=0))
    drill_numbers = {call["from"]: call["id"] for call in records.calls.values()}
    lost = sorted(call for call in acknowledged if call not in records.calls)
    lost_sip = sorted(number for number in sip_acknowledged if number not in drill_numbers)
    live = [f"{call['id']}:{call['state']}/{call['outcome']} arrived {call['arrivedAt']}" for call in new
            if (call["state"] != "ended" or not call["outcome"]) and arrived(call) < restarted_at]  # fmt: skip
    agents_in = []
    for agent in load.org.agents:
        state = request("GET", server.url(f"/api/v1/agents/{agent['id']}/state"), token=token, timeout=DEADLINE)
        if state.status != 200 or state.json()["state"] != "loggedOut":
            agents_in.append(f"{agent['username']}: {state.status} {state.text[:100]}")
    outcomes = Counter(call["outcome"] for call in new)
    return {"lost": lost, "lost_sip": lost_sip, "live": live, "agents_in": agents_in, "outcomes": outcomes, "new": len(new)}


def start_serve(binary: Path, database: str, tmp: Path) -> tuple[Server, tuple[str, int]]:
    prepare_database(binary, database, tmp)
    sip_port = free_udp_port()
    server = Server(binary, "serve", ["--database", database, "--sip", f"127.0.0.1:{sip_port}"], tmp / "logs")
    server.start()
    return server, ("127.0.0.1", sip_port)


def seed(server: Server):
    org = seed_organisation(server.base_url, AGENTS, QUEUE)
    # A queue nobody serves: SIP callers there wait (182 Queued) until they hang up.
    admin = org.admin_token
    skill = request("POST", server.url("/api/v1/skills"), {"name": "drill-nobody", "description": "No agent has it"}, token=admin)
    assert skill.status == 201, skill.text
    queue = request(
        "POST", server.url("/api/v1/queues"),
        {"name": "Drill SIP", "extension": SIP_QUEUE, "serviceLevel": {"percent": 80, "seconds": 20}, "maxWaitingCalls": 1000,
         "requiredSkills": [{"skill": "drill-nobody", "minimumProficiency": 1}]},
        token=admin,
    )  # fmt: skip
    assert queue.status == 201, queue.text
    return org


# MARK: - The server is killed


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield "sqlite", sqlite_url(tmp_path / "drill.sqlite")
        return
    url = postgres_url_or_skip()
    with postgres_schema(url) as schema_url:
        yield "postgres", schema_url


def test_server_killed_under_load_loses_no_acknowledged_call(binary, database_url, tmp_path, capsys):
    kind, database = database_url
    rng = random.Random(SEED)
    server, sip = start_serve(binary, database, tmp_path)
    problems: list[str] = []
    outcomes: Counter = Counter()
    restarts: list[float] = []
    records = Records()
    load = None
    try:
        org = seed(server)
        load = Load(server, org, sip, rng.randrange(1 << 30), label=str(os.getpid() % 100).zfill(2))
        load.start()
        for kill in range(1, KILLS + 1):
            time.sleep(rng.uniform(*LOAD_SECONDS))
            server.kill()
            load.pause()  # the requests in flight fail now; none of them was acknowledged
            restarted_at = time.time()
            restarts.append(server.start())
            found = check_after_restart(server, load, records, restarted_at)
            outcomes.update(found["outcomes"])
            say(capsys, f"  [{kind}] kill {kind}#{kill}: restarted in {restarts[-1]:.1f} s, {len(load.acknowledged)} calls acknowledged so far, "
                        f"{found['new']} new records, outcomes {dict(found['outcomes'])}")  # fmt: skip
            for key, label in [("lost", "acknowledged calls missing"), ("lost_sip", "acknowledged SIP callers missing"),
                               ("live", "calls not terminal"), ("agents_in", "agents not logged out")]:  # fmt: skip
                if found[key]:
                    problems.append(f"after kill {kill}: {len(found[key])} {label}: {found[key][:10]}")
            load.resume()
        time.sleep(rng.uniform(*LOAD_SECONDS))
        load.stop()
        # Last: everything acknowledged since the last kill is stored too.
        final = check_after_restart_without_kill(server, load, records)
        problems += final
    finally:
        if load is not None:
            load.stop()
        server.stop()
    with load.lock:
        acknowledged = len(load.acknowledged)
        sip_ok = len(load.sip_acknowledged)
        tried = set(load.tried_numbers)
    unacknowledged_stored = sum(1 for call in records.calls.values() if call["from"] in tried and call["id"] not in load.acknowledged)
    summary(
        capsys, f"crash-{kind}", kills=KILLS, acknowledged=acknowledged, sip_acknowledged=sip_ok, records_lost=count_lost(problems),
        not_terminal=count_kind(problems, "not terminal"), system_restart=outcomes.get("systemRestart", 0),
        stored_unacknowledged=unacknowledged_stored, http_5xx=len(load.tally.server_errors), timeouts=len(load.tally.timeouts),
        restart_s=f"{max(restarts, default=0):.1f}",
    )
    problems += [f"load: {error}" for error in load.tally.server_errors[:10]]
    problems += [f"load: {error}" for error in load.tally.timeouts[:10]]  # a live server that does not answer
    assert acknowledged > KILLS * 5, f"only {acknowledged} calls were acknowledged: the load did not run ({load.tally.statuses})"
    assert outcomes.get("systemRestart", 0) > 0, f"no call was live at any kill (outcomes {outcomes}): the drill proves nothing"
    assert not problems, "\n".join(problems) + "\n" + server.output()


def count_lost(problems: list[str]) -> int:
    total = 0
    for problem in problems:
        if "missing" in problem:
            total += int(problem.split(": ", 1)[1].split(" ", 1)[0])
    return total


def count_kind(problems: list[str], kind: str) -> int:
    return sum(int(problem.split(": ", 1)[1].split(" ", 1)[0]) for problem in problems if kind in problem)


def check_after_restart_without_kill(server: Server, load: Load, records: Records) -> list[str]:
    """After the load stopped (no kill): every acknowledged call and SIP caller is stored."""
    token = load.org.supervisor_token
    # Calls answered moments ago may still ring or talk: read only whether they are stored.
    scan_calls(server, token, records, max(load.acknowledged, default=0))
    numbers = {call["from"] for call in records.calls.values()}
    lost = [call for call in load.acknowledged if call not in records.calls]
    lost_sip = [number for number in load.sip_acknowledged if number not in numbers]
    problems = []
    if lost:
        problems.append(f"at the end: {len(lost)} acknowledged calls missing: {lost[:10]}")
    if lost_sip:
        problems.append(f"at the end: {len(lost_sip)} acknowledged SIP callers missing: {lost_sip[:10]}")
    return problems


# MARK: - PostgreSQL is killed


def postgres_cluster_or_skip() -> tuple[Path, Path]:
    """The data directory and bin directory of the cluster behind SWITCHBOARD_TEST_POSTGRES_URL."""
    data = os.environ.get("PGDATA_DIR", "").strip()
    reason = (
        "PGDATA_DIR is not set: killing PostgreSQL needs the data directory of the cluster the tests use, as exported by "
        "`source .ci/postgres.sh && start_postgres`"
    )
    if not data or not (Path(data) / "postmaster.pid").is_file():
        if os.environ.get("SWITCHBOARD_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"SWITCHBOARD_REQUIRE_POSTGRES=1 but {reason} (PGDATA_DIR={data!r})", pytrace=False)
        pytest.skip(reason)
    # Never kill a PostgreSQL other than the one the drill uses: the ports must agree.
    lines = (Path(data) / "postmaster.pid").read_text().splitlines()
    url_port = urllib.parse.urlsplit(os.environ["SWITCHBOARD_TEST_POSTGRES_URL"]).port or 5432
    if len(lines) < 4 or lines[3].strip() != str(url_port):
        pytest.fail(f"PGDATA_DIR={data} is a cluster on port {lines[3] if len(lines) > 3 else '?'}, "
                    f"not the one SWITCHBOARD_TEST_POSTGRES_URL names (port {url_port}): refusing to kill it", pytrace=False)  # fmt: skip
    opts = shlex.split((Path(data) / "postmaster.opts").read_text())
    bin_dir = Path(os.environ.get("PG_BIN") or Path(opts[0]).parent)
    return Path(data), bin_dir


def postmaster_pid(data: Path) -> int:
    return int((data / "postmaster.pid").read_text().splitlines()[0])


def start_postmaster(data: Path, bin_dir: Path) -> None:
    """Starts the cluster again with the options it last ran with (postmaster.opts), as its owner."""
    opts = shlex.split((data / "postmaster.opts").read_text())[1:]
    cleaned, skip = [], False
    for option in opts:  # pg_ctl gets -D itself
        if skip:
            skip = False
            continue
        if option == "-D":
            skip = True
            continue
        cleaned.append(option)
    command = [str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-t", "30", "-l", str(data / "server.log"), "-o", shlex.join(cleaned), "start"]
    owner = data.stat().st_uid
    if os.geteuid() == 0 and owner != 0:
        import pwd

        command = ["su", pwd.getpwuid(owner).pw_name, "-s", "/bin/sh", "-c", shlex.join(command)]
    deadline = time.monotonic() + 60
    while True:
        result = subprocess.run(command, capture_output=True, text=True, timeout=90)
        if result.returncode == 0:
            return
        # Backends of the killed postmaster may hold its shared memory for a moment.
        if time.monotonic() > deadline:
            raise AssertionError(f"PostgreSQL did not start again: {result.stdout}{result.stderr}")
        time.sleep(1)


def test_postgres_killed_under_load_no_command_hangs_health_tells_the_truth_and_shutdown_is_prompt(binary, tmp_path, capsys):
    url = postgres_url_or_skip()
    data, bin_dir = postgres_cluster_or_skip()
    rng = random.Random(SEED + 1)
    problems: list[str] = []
    recoveries: list[float] = []
    with postgres_schema(url) as database:
        server, sip = start_serve(binary, database, tmp_path)
        load = None
        stopped_in: float | None = 0.0
        try:
            org = seed(server)
            load = Load(server, org, sip, rng.randrange(1 << 30), label="5" + str(os.getpid() % 10))
            load.start()
            for outage in range(1, PG_OUTAGES + 1):
                time.sleep(rng.uniform(*LOAD_SECONDS))
                pid = postmaster_pid(data)
                killed_at = time.monotonic()
                os.kill(pid, signal.SIGKILL)
                health_while_down: list[tuple[float, str]] = []
                while time.monotonic() - killed_at < PG_DOWN_SECONDS:
                    try:
                        answer = request("GET", server.url("/healthz"), timeout=DEADLINE)
                        health_while_down.append((time.monotonic() - killed_at, str(answer.status)))
                    except NoAnswer as error:
                        health_while_down.append((time.monotonic() - killed_at, error.kind))
                    time.sleep(0.5)
                start_postmaster(data, bin_dir)
                back_at = time.monotonic()
                lies = [f"{at:.1f}s:{status}" for at, status in health_while_down if at >= HEALTH_GRACE_SECONDS and status != "503"]
                if lies or not any(at >= HEALTH_GRACE_SECONDS for at, _ in health_while_down):
                    problems.append(f"outage {outage}: /healthz while PostgreSQL was down: {health_while_down} (expected 503 after {HEALTH_GRACE_SECONDS:.0f} s)")
                # Recovery: health 200 and a new call taken, within 30 s of PostgreSQL being back.
                healthy_after = call_after = None
                last_health = last_post = "not asked"
                while time.monotonic() - back_at < RECOVERY_SECONDS and (healthy_after is None or call_after is None):
                    if healthy_after is None:
                        try:
                            health = request("GET", server.url("/healthz"), timeout=DEADLINE)
                            last_health = f"{health.status} {health.text[:120]} in {health.seconds:.1f} s"
                            if health.status == 200:
                                healthy_after = time.monotonic() - back_at
                        except NoAnswer as error:
                            last_health = str(error)
                    if call_after is None:
                        try:
                            posted = request("POST", server.url("/api/v1/calls"), {"queue": QUEUE, "from": f"+31990{outage:02d}"},
                                             token=org.supervisor_token, timeout=DEADLINE)  # fmt: skip
                            last_post = f"{posted.status} {posted.text[:120]} in {posted.seconds:.1f} s"
                            if posted.status == 201:
                                call_after = time.monotonic() - back_at
                                with load.lock:
                                    load.acknowledged[posted.json()["id"]] = f"+31990{outage:02d}"
                        except NoAnswer as error:
                            last_post = str(error)
                    time.sleep(0.5)
                recoveries.append(max(healthy_after or RECOVERY_SECONDS, call_after or RECOVERY_SECONDS))
                say(capsys, f"  [postgres] outage {outage}: health while down {[s for _, s in health_while_down]}, "
                            f"healthy {healthy_after if healthy_after is None else round(healthy_after, 1)} s and a call taken "
                            f"{call_after if call_after is None else round(call_after, 1)} s after PostgreSQL was back")  # fmt: skip
                if healthy_after is None:
                    problems.append(f"outage {outage}: /healthz not 200 within {RECOVERY_SECONDS:.0f} s of PostgreSQL being back (last: {last_health})")
                if call_after is None:
                    problems.append(f"outage {outage}: no POST /calls succeeded within {RECOVERY_SECONDS:.0f} s of PostgreSQL being back (last: {last_post})")
                time.sleep(rng.uniform(*LOAD_SECONDS))
            load.stop()
            problems += check_after_restart_without_kill(server, load, Records())
        finally:
            if load is not None:
                load.stop()
            stopped_in = server.terminate(SHUTDOWN_SECONDS)
        if stopped_in is None:
            problems.append(f"SIGTERM: still running {SHUTDOWN_SECONDS:.0f} s after SIGTERM (killed)")
    tally = load.tally
    problems += [f"no answer within {DEADLINE:.0f} s: {len(tally.timeouts)} requests, e.g. {tally.timeouts[:5]}"] if tally.timeouts else []
    problems += [f"connection broken: {len(tally.broken)} requests, e.g. {tally.broken[:5]}"] if tally.broken else []
    problems += [f"server errors: {len(tally.server_errors)}, e.g. {tally.server_errors[:5]}"] if tally.server_errors else []
    summary(
        capsys, "postgres-kill", outages=PG_OUTAGES, acknowledged=len(load.acknowledged), records_lost=count_lost(problems),
        timeouts=len(tally.timeouts), http_5xx_not_503=sum(1 for e in tally.server_errors if "without" not in e),
        answers=",".join(f"{k}:{v}" for k, v in sorted(tally.statuses.items(), key=str)),
        recovery_s=f"{max(recoveries, default=0):.1f}", sigterm_s="none" if stopped_in is None else f"{stopped_in:.1f}",
    )
    assert not problems, "\n".join(problems) + "\n" + server.output()
