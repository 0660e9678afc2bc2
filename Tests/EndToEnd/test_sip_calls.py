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


def start_phone(sipp: str, server, sip_port: int, account: str, scenario: str = "phone.xml") -> subprocess.Popen:
    """Registers `account` from a port, then waits there as a phone (sipp answers calls of a
    new dialog only in server mode, so registering and ringing are two sipp runs)."""
    port = free_udp_port()
    registering = start_sipp(sipp, "register.xml", sip_port, "-s", account, "-au", account, "-ap", "demo", local_port=port)
    finish(registering, f"registering {account}", server)
    return start_sipp(sipp, scenario, None, "-s", account, local_port=port)


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
    for call in range(1, 50):
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
    assert calls[-1]["outcome"] == "abandonedInQueue"
    assert calls[-1]["agentId"] is None


def test_an_unknown_queue_is_not_found(sipp, sip_demo):
    server, port = sip_demo
    caller = start_sipp(sipp, "caller_unknown.xml", port, "-s", "nosuchqueue")
    finish(caller, "the caller", server)
