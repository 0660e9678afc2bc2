"""Real SIP calls through Switchboard: sipp plays the caller and the agents' phones.

A phone registers, its agent goes available through the API, a caller dials a queue; the
caller's INVITE becomes a routed call, the phone rings, answers, and the two talk (their SDP
passed through) until one hangs up. Every call leaves the same record as a simulated one.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from conftest import free_udp_port, http, running_server, sign_in_api
from test_sip import SCENARIOS, sipp  # noqa: F401  (the fixture)


@pytest.fixture(scope="module")
def sip_demo(binary: Path, tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("calls-demo-data")
    port = free_udp_port()
    with running_server(
        binary, "demo", "--data-dir", str(data_dir), "--sip", f"127.0.0.1:{port}", log_dir=tmp_path_factory.mktemp("calls-demo-logs")
    ) as server:
        yield server, port


def start_sipp(sipp: str, scenario: str, sip_port: int | None, *args: str, local_port: int | None = None) -> subprocess.Popen:
    """sipp as a client of Switchboard (sip_port given), or as a phone waiting for it (None)."""
    target = [f"127.0.0.1:{sip_port}"] if sip_port is not None else []
    return subprocess.Popen(
        [sipp, "-sf", str(SCENARIOS / scenario), "-m", "1", "-i", "127.0.0.1", "-p", str(local_port or free_udp_port()), *target,
         "-nostdin", "-timeout", "40s", "-timeout_error", "-mp", str(free_udp_port()), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def start_phone(sipp: str, server, sip_port: int, account: str, scenario: str = "phone.xml", *args: str) -> subprocess.Popen:
    """Registers `account` from a port, then waits there as a phone (sipp answers calls of a
    new dialog only in server mode, so registering and ringing are two sipp runs)."""
    port = free_udp_port()
    registering = start_sipp(sipp, "register.xml", sip_port, "-s", account, "-au", account, "-ap", "demo", local_port=port)
    finish(registering, f"registering {account}", server)
    return start_sipp(sipp, scenario, None, "-s", account, *args, local_port=port)


def finish(process: subprocess.Popen, what: str, server) -> None:
    try:
        output, _ = process.communicate(timeout=45)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    assert process.returncode == 0, f"{what} failed ({process.returncode}):\n{output[-3000:]}\n{server.output()[-4000:]}"


def wait_registered(server, account: str) -> None:
    token = sign_in_api(server, "supervisor", "demo")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        status = http("GET", server.url("/api/v1/sip/status"), token=token).json()
        if account in {entry["account"] for entry in status["registrations"]}:
            return
        time.sleep(0.1)
    raise AssertionError(f"{account} did not register")


def set_state(server, username: str, state: str) -> int:
    token = sign_in_api(server, username, "demo")
    agent = http("GET", server.url("/api/v1/me"), token=token).json()["agentId"]
    result = http("POST", server.url(f"/api/v1/agents/{agent}/state"), {"state": state}, token=token)
    assert result.status == 200, result.text
    return agent


def calls_from(server, number: str) -> list[dict]:
    token = sign_in_api(server, "supervisor", "demo")
    found = []
    for call in range(1, 1000):
        result = http("GET", server.url(f"/api/v1/calls/{call}"), token=token)
        if result.status == 404:
            break
        if result.json()["from"] == number:
            found.append(result.json())
    return found


def wait_ended(server, number: str, count: int) -> list[dict]:
    deadline = time.monotonic() + 10
    calls = []
    while time.monotonic() < deadline:
        calls = calls_from(server, number)
        if len(calls) >= count and all(call["state"] == "ended" for call in calls):
            return calls
        time.sleep(0.2)
    raise AssertionError(f"calls from {number} did not end: {calls}")


def test_a_caller_dials_a_queue_an_agent_phone_answers_and_the_caller_hangs_up(sipp, sip_demo):
    server, port = sip_demo
    phone = start_phone(sipp, server, port, "agent12")
    wait_registered(server, "agent12")
    agent = set_state(server, "agent12", "available")
    caller = start_sipp(sipp, "caller.xml", port, "-s", "800")
    finish(caller, "the caller", server)
    finish(phone, "the phone", server)
    [call] = wait_ended(server, "+31201234567", 1)
    assert call["agentId"] == agent
    assert call["outcome"] == "completed:caller"
    kinds = [event["kind"] for event in call["timeline"]]
    assert kinds[:2] == ["offered", "answered"], kinds
    token = sign_in_api(server, "supervisor", "demo")
    queues = {queue["name"]: queue for queue in http("GET", server.url("/api/v1/realtime/queues"), token=token).json()}
    assert queues["Klantenservice NL"]["today"]["answered"] >= 1
    set_state(server, "agent12", "loggedOut")


def test_the_agent_hangs_up_first_and_the_caller_gets_the_bye(sipp, sip_demo):
    server, port = sip_demo
    phone = start_phone(sipp, server, port, "agent13", "phone_hangs_up.xml")
    wait_registered(server, "agent13")
    agent = set_state(server, "agent13", "available")
    caller = start_sipp(sipp, "caller_waits.xml", port, "-s", "klantenservicenl")
    finish(caller, "the caller", server)
    finish(phone, "the phone", server)
    calls = wait_ended(server, "+31201234567", 2)
    assert calls[-1]["agentId"] == agent
    assert calls[-1]["outcome"] == "completed:agent"
    set_state(server, "agent13", "loggedOut")


def test_a_caller_with_no_agent_free_hears_queued_and_abandons(sipp, sip_demo):
    server, port = sip_demo
    caller = start_sipp(sipp, "caller_abandons.xml", port, "-s", "809")
    finish(caller, "the caller", server)
    calls = wait_ended(server, "+31201234567", 3)
    assert calls[-1]["outcome"] == "abandonedInQueue", calls[-1]
    assert calls[-1]["agentId"] is None, calls[-1]


def test_an_unknown_queue_is_not_found(sipp, sip_demo):
    server, port = sip_demo
    caller = start_sipp(sipp, "caller_unknown.xml", port, "-s", "nosuchqueue")
    finish(caller, "the caller", server)


def queue_id(server, token: str, name: str) -> int:
    return next(queue["id"] for queue in http("GET", server.url("/api/v1/queues"), token=token).json() if queue["name"] == name)


@pytest.mark.parametrize("status,reason", [(486, "Busy Here"), (603, "Decline")])
def test_a_phone_that_refuses_moves_the_call_to_the_next_agent(sipp, sip_demo, status, reason, tmp_path):
    server, port = sip_demo
    before = len(calls_from(server, "+31201234567"))
    scenario = tmp_path / f"phone_{status}.xml"
    scenario.write_text((SCENARIOS / "phone_refuses.xml").read_text().replace("STATUS REASON", f"{status} {reason}"))
    refusing = start_phone(sipp, server, port, "agent14", str(scenario))
    phone = start_phone(sipp, server, port, "agent15")
    first = set_state(server, "agent14", "available")  # idle longest: offered first
    time.sleep(0.05)
    second = set_state(server, "agent15", "available")
    caller = start_sipp(sipp, "caller.xml", port, "-s", "800")
    finish(caller, "the caller", server)
    finish(refusing, f"the phone answering {status}", server)
    finish(phone, "the phone", server)
    call = wait_ended(server, "+31201234567", before + 1)[-1]
    assert call["agentId"] == second
    events = [(event["kind"], event["agentId"], event["detail"]) for event in call["timeline"]]
    assert ("offerWithdrawn", first, "declined") in events, events
    for username in ("agent14", "agent15"):
        set_state(server, username, "loggedOut")


def test_a_phone_answer_that_crosses_the_callers_cancel_is_acked_and_hung_up(sipp, sip_demo):
    """The CANCEL/200 race: the caller gives up while the phone rings; the phone's 200 crosses
    our CANCEL. Switchboard ACKs and BYEs the phone, the call ends abandoned, no dialog is left
    and the agent is free again."""
    server, port = sip_demo
    before = len(calls_from(server, "+31201234567"))
    phone = start_phone(sipp, server, port, "agent21", "phone_answers_cancelled.xml")
    agent = set_state(server, "agent21", "available")
    caller = start_sipp(sipp, "caller_cancels_ringing.xml", port, "-s", "800")
    finish(caller, "the caller", server)
    finish(phone, "the phone whose answer crossed the CANCEL", server)
    call = wait_ended(server, "+31201234567", before + 1)[-1]
    assert call["outcome"].startswith("abandoned"), call
    assert ("offered", agent) in [(event["kind"], event["agentId"]) for event in call["timeline"]], call["timeline"]
    supervisor = sign_in_api(server, "supervisor", "demo")
    deadline = time.monotonic() + 5
    while http("GET", server.url("/api/v1/sip/status"), token=supervisor).json()["dialogs"] != 0:
        assert time.monotonic() < deadline, "a dialog was left behind"
        time.sleep(0.1)
    agents = http("GET", server.url("/api/v1/realtime/agents"), token=supervisor).json()
    assert next(entry["state"] for entry in agents if entry["username"] == "agent21") == "available"
    set_state(server, "agent21", "loggedOut")


def test_a_phone_nobody_picks_up_is_cancelled_at_the_ring_timeout_and_the_next_one_rings(sipp, sip_demo):
    server, port = sip_demo
    admin = sign_in_api(server, "admin", "demo")
    queue = queue_id(server, admin, "Klantenservice NL")
    assert http("PATCH", server.url(f"/api/v1/queues/{queue}"), {"ringTimeoutSeconds": 5}, token=admin).status == 200
    try:
        silent = start_phone(sipp, server, port, "agent16", "phone_silent.xml")
        phone = start_phone(sipp, server, port, "agent17")
        first = set_state(server, "agent16", "available")
        time.sleep(0.05)
        second = set_state(server, "agent17", "available")
        caller = start_sipp(sipp, "caller.xml", port, "-s", "800")
        finish(caller, "the caller", server)
        finish(silent, "the phone nobody picked up", server)
        finish(phone, "the phone", server)
        call = wait_ended(server, "+31201234567", 5)[-1]
        assert call["agentId"] == second
        events = [(event["kind"], event["agentId"], event["detail"]) for event in call["timeline"]]
        assert ("offerWithdrawn", first, "ringTimeout") in events, events
        supervisor = sign_in_api(server, "supervisor", "demo")
        states = {agent["username"]: agent for agent in http("GET", server.url("/api/v1/realtime/agents"), token=supervisor).json()}
        assert states["agent16"]["state"] == "notReady" and states["agent16"]["reason"] == "missedCall"
    finally:
        http("PATCH", server.url(f"/api/v1/queues/{queue}"), {"ringTimeoutSeconds": 20}, token=admin)
        for username in ("agent16", "agent17"):
            set_state(server, username, "loggedOut")


def test_a_queue_that_gives_up_answers_the_caller_480(sipp, sip_demo):
    server, port = sip_demo
    admin = sign_in_api(server, "admin", "demo")
    queue = queue_id(server, admin, "Escalaties")
    rule = {"overflow": [{"afterSeconds": 2, "action": "end", "reason": "timeout"}]}
    assert http("PATCH", server.url(f"/api/v1/queues/{queue}"), rule, token=admin).status == 200
    try:
        caller = start_sipp(sipp, "caller_refused_480.xml", port, "-s", "809")
        finish(caller, "the caller", server)
        call = wait_ended(server, "+31201234567", 6)[-1]
        assert call["outcome"] == "overflowEnded:timeout"
    finally:
        http("PATCH", server.url(f"/api/v1/queues/{queue}"), {"overflow": []}, token=admin)


def test_calls_complete_with_ten_percent_of_the_packets_lost(sipp, sip_demo):
    """The caller's sipp drops 10 % of what it sends and receives (-lost 10): retransmissions on
    both sides (our 200 until the ACK, our transactions, sipp's own) still complete every call.
    The loss is on the caller's leg, the public side; sipp as a phone cannot take its own
    simulated loss on a retransmitted INVITE (it aborts on the repeat), which real phones do."""
    server, port = sip_demo
    before = len(calls_from(server, "+31201234567"))
    for _ in range(5):
        phone = start_phone(sipp, server, port, "agent18")
        set_state(server, "agent18", "available")
        caller = start_sipp(sipp, "caller.xml", port, "-s", "800", "-lost", "10")
        finish(caller, "the caller", server)
        finish(phone, "the phone", server)
        set_state(server, "agent18", "loggedOut")
    calls = wait_ended(server, "+31201234567", before + 5)[before:]
    assert [call["outcome"] for call in calls] == ["completed:caller"] * 5


def test_wrap_up_holds_the_agent_back_until_it_is_finished(sipp, sip_demo):
    server, port = sip_demo
    phone = start_phone(sipp, server, port, "agent19", "phone.xml", "-m", "2")
    agent = set_state(server, "agent19", "available")
    first = start_sipp(sipp, "caller.xml", port, "-s", "800")
    finish(first, "the first caller", server)
    token = sign_in_api(server, "agent19", "demo")
    supervisor = sign_in_api(server, "supervisor", "demo")

    def state() -> str:
        agents = http("GET", server.url("/api/v1/realtime/agents"), token=supervisor).json()
        return next(entry["state"] for entry in agents if entry["username"] == "agent19")

    before = len(calls_from(server, "+31201234567"))
    second = start_sipp(sipp, "caller.xml", port, "-s", "800")
    time.sleep(1.5)
    assert state() == "wrapUp"
    waiting = calls_from(server, "+31201234567")[before:]
    assert [call["state"] for call in waiting] == ["queued"], "the second call waits while the agent wraps up"
    finished = http("POST", server.url(f"/api/v1/agents/{agent}/wrap-up/finish"), token=token)
    assert finished.status == 200, finished.text
    finish(second, "the second caller", server)
    finish(phone, "the phone", server)
    call = wait_ended(server, "+31201234567", before + 1)[-1]
    assert call["agentId"] == agent
    kinds = [event["kind"] for event in call["timeline"]]
    assert kinds.index("queued") < kinds.index("offered"), kinds
    set_state(server, "agent19", "loggedOut")


def test_a_re_invite_for_hold_passes_through_to_the_phone_and_back(sipp, sip_demo):
    server, port = sip_demo
    phone = start_phone(sipp, server, port, "agent20", "phone_held.xml")
    agent = set_state(server, "agent20", "available")
    before = len(calls_from(server, "+31201234567"))
    caller = start_sipp(sipp, "caller_holds.xml", port, "-s", "800")
    finish(caller, "the caller", server)
    finish(phone, "the phone", server)
    call = wait_ended(server, "+31201234567", before + 1)[-1]
    assert call["agentId"] == agent
    assert call["outcome"] == "completed:caller"
    set_state(server, "agent20", "loggedOut")
