"""SIP end to end: the demo's endpoint on UDP, driven by real sipp and by raw datagrams.

sipp (Debian package sip-tester) plays the phones; its exit status says whether every
scenario step happened as written. The RFC 4475 torture messages are sent as they are and
each answer's status is checked.
"""

from __future__ import annotations

import os
import select
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPOSITORY, clean_environment, free_udp_port, http, run_cli, running_server, sign_in_api

SCENARIOS = Path(__file__).resolve().parent / "sipp"
TORTURE = REPOSITORY / "Tests" / "TelephonyTests" / "Torture"


@pytest.fixture(scope="module")
def sipp() -> str:
    path = shutil.which("sipp")
    if path is None:
        message = "sipp is not installed (apt-get install sip-tester)"
        if os.environ.get("SWITCHBOARD_REQUIRE_SIPP"):
            pytest.fail(message)  # CI installs it: missing there is a failure, not a skip
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def sip_demo(binary: Path, tmp_path_factory: pytest.TempPathFactory):
    """The demo with SIP on a free UDP port; yields (server, sip_port)."""
    data_dir = tmp_path_factory.mktemp("sip-demo-data")
    port = free_udp_port()
    with running_server(
        binary, "demo", "--data-dir", str(data_dir), "--sip", f"127.0.0.1:{port}", log_dir=tmp_path_factory.mktemp("sip-demo-logs")
    ) as server:
        yield server, port


def run_sipp(sipp: str, scenario: str, sip_port: int, *args: str) -> subprocess.CompletedProcess[str]:
    local = free_udp_port()
    return subprocess.run(
        [sipp, "-sf", str(SCENARIOS / scenario), "-m", "1", "-i", "127.0.0.1", "-p", str(local), f"127.0.0.1:{sip_port}",
         "-nostdin", "-timeout", "15s", "-timeout_error", *args],
        capture_output=True, text=True, timeout=30, cwd=SCENARIOS.parent.parent.parent / ".build",
    )


def sip_status(server) -> dict:
    token = sign_in_api(server, "supervisor", "demo")
    result = http("GET", server.url("/api/v1/sip/status"), token=token)
    assert result.status == 200, result.text
    return result.json()


def test_options_is_answered_with_what_the_server_allows(sipp, sip_demo):
    server, port = sip_demo
    result = run_sipp(sipp, "options.xml", port)
    assert result.returncode == 0, result.stdout + result.stderr + server.output()


def test_a_phone_registers_with_digest_and_shows_in_the_status(sipp, sip_demo, binary):
    server, port = sip_demo
    result = run_sipp(sipp, "register.xml", port, "-s", "agent07", "-au", "agent07", "-ap", "demo")
    assert result.returncode == 0, result.stdout + result.stderr + server.output()
    registrations = {entry["account"]: entry for entry in sip_status(server)["registrations"]}
    assert "agent07" in registrations
    assert 250 < registrations["agent07"]["expiresInSeconds"] <= 300

    token = sign_in_api(server, "supervisor", "demo")
    cli = run_cli(binary, "sip", "status", "--url", server.base_url, env=clean_environment(SWITCHBOARD_TOKEN=token))
    assert cli.returncode == 0, cli.stderr
    assert "agent07" in cli.stdout
    assert "Listening: udp 127.0.0.1:" in cli.stdout
    refused = run_cli(binary, "sip", "status", "--url", server.base_url)
    assert refused.returncode != 0
    assert "SWITCHBOARD_TOKEN" in refused.stderr


def test_a_wrong_password_is_challenged_again_and_never_registers(sipp, sip_demo):
    server, port = sip_demo
    before = sip_status(server)["counters"]["authenticationFailures"]
    result = run_sipp(sipp, "register_refused.xml", port, "-s", "agent08", "-au", "agent08", "-ap", "not-the-password")
    assert result.returncode == 0, result.stdout + result.stderr + server.output()
    status = sip_status(server)
    assert "agent08" not in {entry["account"] for entry in status["registrations"]}
    assert status["counters"]["authenticationFailures"] == before + 1


def test_an_account_set_through_the_api_registers_with_its_new_password(sipp, sip_demo):
    server, port = sip_demo
    admin = sign_in_api(server, "admin", "demo")
    agents = http("GET", server.url("/api/v1/agents"), token=admin).json()
    agent = next(entry for entry in agents if entry["username"] == "agent09")
    short = http("PUT", server.url(f"/api/v1/agents/{agent['id']}/sip"), {"username": "desk9", "password": "short"}, token=admin)
    assert short.status == 422 and short.json()["error"]["field"] == "password"
    taken = http("PUT", server.url(f"/api/v1/agents/{agent['id']}/sip"), {"username": "agent10", "password": "long-enough-1"}, token=admin)
    assert taken.status == 409
    changed = http("PUT", server.url(f"/api/v1/agents/{agent['id']}/sip"), {"username": "desk9", "password": "long-enough-1"}, token=admin)
    assert changed.status == 200, changed.text
    assert changed.json() == {"agentId": agent["id"], "username": "desk9", "realm": "switchboard"}

    result = run_sipp(sipp, "register.xml", port, "-s", "desk9", "-au", "desk9", "-ap", "long-enough-1")
    assert result.returncode == 0, result.stdout + result.stderr + server.output()
    old = run_sipp(sipp, "register_refused.xml", port, "-s", "agent09", "-au", "agent09", "-ap", "demo")
    assert old.returncode == 0, "the old account no longer exists"

    # An agent reads their own account, not another's password (never shown).
    own = sign_in_api(server, "agent09", "demo")
    assert http("GET", server.url(f"/api/v1/agents/{agent['id']}/sip"), token=own).json()["username"] == "desk9"
    other = http("PUT", server.url(f"/api/v1/agents/{agents[0]['id']}/sip"), {"username": "x1", "password": "long-enough-2"}, token=own)
    assert other.status == 403


def test_the_cli_sets_an_account_in_the_database(binary, tmp_path):
    data_dir = tmp_path / "data"
    with running_server(binary, "demo", "--data-dir", str(data_dir), log_dir=tmp_path / "logs"):
        pass  # seeds the organisation
    url = "sqlite://" + str((data_dir / "switchboard.sqlite").resolve())
    result = run_cli(binary, "sip", "account", "agent11", "--sip-username", "phone11", "--database", url, stdin="phone-pass-11\n")
    assert result.returncode == 0, result.stderr
    assert "phone11" in result.stdout
    missing = run_cli(binary, "sip", "account", "nobody", "--database", url, stdin="phone-pass-11\n")
    assert missing.returncode == 1 and "nobody" in missing.stderr
    weak = run_cli(binary, "sip", "account", "agent11", "--database", url, stdin="short\n")
    assert weak.returncode == 1 and "password" in weak.stderr


# MARK: - The torture messages

EXPECTED = {
    # valid: a proper final answer (REGISTER is challenged, an INVITE to no queue 404, one in an
    # unknown dialog 481, an unknown method 501, MESSAGE 405); responses get no answer.
    "valid/dblreq": 401, "valid/esc01": 404, "valid/esc02": 501, "valid/escnull": 401, "valid/intmeth": 501,
    "valid/longreq": 404, "valid/lwsdisp": 200, "valid/mpart01": 405, "valid/noreason": None, "valid/semiuri": 200,
    "valid/transports": 200, "valid/unreason": None, "valid/wsinv": 481,
    "invalid/badaspec": 400, "invalid/badbranch": 400, "invalid/baddate": 400, "invalid/baddn": 400, "invalid/badinv01": 400,
    "invalid/badvers": 505, "invalid/bcast": None, "invalid/bext01": 420, "invalid/bigcode": None, "invalid/clerr": 400,
    "invalid/cparam01": 401, "invalid/cparam02": 401, "invalid/escruri": 400, "invalid/insuf": 400, "invalid/inv2543": 400,
    "invalid/invut": 415, "invalid/ltgtruri": 400, "invalid/lwsruri": 400, "invalid/lwsstart": 400, "invalid/mcl01": 400,
    "invalid/mismatch01": 400, "invalid/mismatch02": 400, "invalid/multi01": 400, "invalid/ncl": 400, "invalid/novelsc": 416,
    "invalid/quotbal": 400, "invalid/regaut01": 401, "invalid/regbadct": 400, "invalid/regescrt": 400, "invalid/scalar02": 400,
    "invalid/scalarlg": None, "invalid/sdp01": 406, "invalid/test": None, "invalid/trws": 400, "invalid/unkscm": 416,
    "invalid/unksm2": 416, "invalid/zeromf": 483,
}


#: cparam02 reuses cparam01's branch and sent-by: by RFC 3261 §17.2.3 it is a retransmission of
#: that REGISTER, and gets that transaction's answer again.
SAME_TRANSACTION = {"invalid/cparam02": "invalid/cparam01"}


def message_key(data: bytes) -> str | None:
    """The Call-ID of a message (or response), else its top Via branch: what ties an answer,
    or a retransmitted answer, to the message it answers."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
    branch = None
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name in ("call-id", "i"):
            return "call-id " + value.strip()
        if name in ("via", "v") and branch is None and "branch=" in value:
            branch = "branch " + value.split("branch=", 1)[1].split(";")[0].split(",")[0].strip()
    return branch


def test_every_torture_message_gets_its_answer_and_the_server_survives(sip_demo):
    server, port = sip_demo
    names = sorted(f"{kind}/{path.stem}" for kind in ("valid", "invalid") for path in (TORTURE / kind).glob("*.dat"))
    assert set(names) == set(EXPECTED), "every torture message has an expected answer"
    answers: dict[str, object] = {}
    # Without rport, answers go to the source IP at the Via's port: 5060, or 5050 (quotbal).
    sockets = []
    try:
        for answer_port in (5060, 5050):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sockets.append(sock)
            try:
                sock.bind(("127.0.0.1", answer_port))
            except OSError:
                pytest.fail(f"UDP 127.0.0.1:{answer_port} is taken; the torture test receives its answers there")
        sender = sockets[0]
        for name in names:
            data = (TORTURE / f"{name}.dat").read_bytes()
            key = message_key((TORTURE / f"{SAME_TRANSACTION.get(name, name)}.dat").read_bytes())
            sender.sendto(data, ("127.0.0.1", port))
            deadline = time.monotonic() + (0.5 if EXPECTED[name] is None else 3.0)
            answers[name] = None
            while time.monotonic() < deadline:
                ready, _, _ = select.select(sockets, [], [], max(0.0, deadline - time.monotonic()))
                if not ready:
                    break
                reply, _ = ready[0].recvfrom(65535)
                # Earlier INVITEs' failures come again until ACKed (timer G): skip them; and
                # 100 Trying is not the answer.
                status = int(reply.split(b" ", 2)[1])
                if message_key(reply) == key and status >= 200:
                    answers[name] = status
                    break
    finally:
        for sock in sockets:
            sock.close()
    wrong = {name: (answers[name], EXPECTED[name]) for name in names if answers[name] != EXPECTED[name]}
    assert not wrong, f"(got, expected): {wrong}\n{server.output()}"
    assert http("GET", server.url("/healthz")).status == 200


def test_listening_on_every_interface_needs_the_address_phones_reach(binary, tmp_path):
    port = free_udp_port()
    url = "sqlite://" + str((tmp_path / "db.sqlite").resolve())
    refused = run_cli(binary, "serve", "--database", url, "--sip", f"0.0.0.0:{port}", env=clean_environment(SWITCHBOARD_SIP="127.0.0.1:5060"))
    assert refused.returncode == 1
    assert "--sip-public" in refused.stderr
    with running_server(binary, "demo", "--data-dir", str(tmp_path / "demo"), "--sip", f"0.0.0.0:{port}", "--sip-public", "127.0.0.1",
                        log_dir=tmp_path / "logs") as server:
        assert sip_status(server)["listening"] == f"127.0.0.1:{port}"
        assert f"sip:127.0.0.1:{port}" in server.output()
