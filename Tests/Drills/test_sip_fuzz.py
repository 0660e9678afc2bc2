"""SIP fuzzing over UDP against a live server, and an INVITE flood from one source.

Mutations (bit flips, random bytes, truncation, duplicated and folded headers, huge or
impossible Content-Length, 60 KB lines, thousands of headers, odd numbers, splices) of the
RFC 4475 torture messages and of valid REGISTER, INVITE, OPTIONS, BYE and CANCEL requests are sent
to the demo's SIP port; afterwards the server must answer OPTIONS with 200 and /healthz with 200,
and its resident memory must not have grown past a bound.

The flood: thousands of INVITEs from one source (127.0.0.2) that never CANCEL. Afterwards the
server is alive and a genuine caller from another source (127.0.0.1) is taken (182 Queued or
connected) — not refused with 486, 480 or 5xx.

By hand, longer: SWITCHBOARD_SIP_FUZZ_MESSAGES=40000 SWITCHBOARD_SIP_FLOOD_INVITES=20000
SWITCHBOARD_SIP_FUZZ_SEED=7 python3 -m pytest -q Tests/Drills/test_sip_fuzz.py
"""

from __future__ import annotations

import random
import socket
import time
import uuid

import pytest

from drill_support import NoAnswer, binary, demo_server, env_int, env_number, free_udp_port, request, sign_in, summary  # noqa: F401
from sip_support import SDP, answer_here, branch, mutate, options_ping, parse, place_call, request_bytes, torture_messages, valid_requests

MESSAGES = env_int("SWITCHBOARD_SIP_FUZZ_MESSAGES", 4000)
FLOOD = env_int("SWITCHBOARD_SIP_FLOOD_INVITES", 3000)
SEED = env_int("SWITCHBOARD_SIP_FUZZ_SEED", 4475)
#: Resident memory may grow this much over the fuzzing (transactions live up to 32 s).
RSS_BOUND_MB = env_number("SWITCHBOARD_SIP_FUZZ_RSS_BOUND_MB", 64)
#: After the burst, the SIP service must answer OPTIONS again within this (it is a bug when single
#: datagrams cost seconds each), and it is given up on after RECOVERY_LIMIT_SECONDS.
RECOVERY_SECONDS = env_number("SWITCHBOARD_SIP_FUZZ_RECOVERY_SECONDS", 10)
RECOVERY_LIMIT_SECONDS = 120.0
#: One hostile datagram may delay the next OPTIONS by at most this.
HOSTILE_SECONDS = env_number("SWITCHBOARD_SIP_HOSTILE_SECONDS", 2)
HOSTILE_LIMIT_SECONDS = 30.0
#: The escalation queue of the demo: nobody is available with --no-traffic, so callers wait.
FLOOD_QUEUE = "809"


@pytest.fixture
def sip_demo(binary, tmp_path):  # noqa: F811
    port = free_udp_port()
    with demo_server(binary, tmp_path, "--sip", f"127.0.0.1:{port}") as server:
        yield server, ("127.0.0.1", port)


def drain(sock: socket.socket, statuses: dict[int, int]) -> int:
    """Reads whatever answers are waiting; counts them by status."""
    count = 0
    sock.setblocking(False)
    try:
        while True:
            try:
                payload, _ = sock.recvfrom(65535)
            except (BlockingIOError, ConnectionRefusedError):
                break
            count += 1
            message = parse(payload)
            status = message.status if message else None
            key = status if status is not None else 0
            statuses[key] = statuses.get(key, 0) + 1
    finally:
        sock.setblocking(True)
    return count


def test_mutated_messages_leave_the_server_alive_with_flat_memory(sip_demo, capsys):
    server, sip = sip_demo
    rng = random.Random(SEED)
    assert options_ping(sip) == 200, "the server answers OPTIONS before the fuzzing"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        local = sock.getsockname()
        seeds = [answer_here(data, local) for data in torture_messages().values()]
        assert len(seeds) >= 40, "the RFC 4475 torture messages are found"
        statuses: dict[int, int] = {}
        answers = 0
        # Warm-up: every seed once as it is, then the baseline memory.
        for data in seeds + valid_requests(sip, local):
            sock.sendto(data, sip)
            time.sleep(0.002)
        time.sleep(1)
        answers += drain(sock, statuses)
        baseline = server.rss_mb()
        peak = baseline
        sent = 0
        started = time.monotonic()
        kinds: dict[str, int] = {}
        for round in range(MESSAGES):
            if round % 50 == 0:
                seeds_now = seeds + valid_requests(sip, local)  # fresh Call-IDs and branches
            data, how = mutate(rng.choice(seeds_now), rng)
            for part in how.split("+"):
                kinds[part.rstrip("0123456789")] = kinds.get(part.rstrip("0123456789"), 0) + 1
            try:
                sock.sendto(data, sip)
                sent += 1
            except OSError:
                pass  # too long for a datagram after a mutation
            if round % 100 == 99:
                answers += drain(sock, statuses)
                assert server.alive(), f"the server died after {round + 1} mutated messages\n{server.output()}"
                peak = max(peak, server.rss_mb())
                time.sleep(0.01)  # let the server's socket drain
            else:
                time.sleep(0.0005)
        elapsed = time.monotonic() - started
        time.sleep(1)
        answers += drain(sock, statuses)

    assert server.alive(), f"the server died\n{server.output()}"
    # The SIP service must answer again soon after the burst: poll OPTIONS.
    recovered_after = None
    burst_end = time.monotonic()
    while time.monotonic() - burst_end < RECOVERY_LIMIT_SECONDS:
        if options_ping(sip, timeout=2) == 200:
            recovered_after = time.monotonic() - burst_end
            break
    health = request("GET", server.url("/healthz"), timeout=15)
    after = server.rss_mb()
    counters = sip_counters(server)
    summary(
        capsys, "sip-fuzz", messages=sent, answers=answers, seconds=f"{elapsed:.1f}", rss_mb=f"{baseline:.0f}->{after:.0f}",
        peak_mb=f"{peak:.0f}", sip_back_after_s="never" if recovered_after is None else f"{recovered_after:.1f}",
        crashes=0 if server.alive() else 1, statuses=",".join(f"{k}:{v}" for k, v in sorted(statuses.items())),
    )
    print("mutations:", kinds, "sip status:", counters)
    problems = []
    if recovered_after is None:
        problems.append(f"the SIP service did not answer OPTIONS within {RECOVERY_LIMIT_SECONDS:.0f} s after {sent} mutated messages "
                        f"(HTTP /healthz {health.status}); SIP status: {counters}")  # fmt: skip
    elif recovered_after > RECOVERY_SECONDS:
        problems.append(f"the SIP service answered OPTIONS only {recovered_after:.1f} s after the {sent} mutated messages ended "
                        f"(bound {RECOVERY_SECONDS:.0f} s): some messages cost it seconds each")  # fmt: skip
    if health.status != 200:
        problems.append(f"/healthz {health.status}: {health.text}")
    if answers <= sent // 10:
        problems.append(f"only {answers} answers to {sent} messages: the mutations no longer reach the answering code, or SIP stopped")
    if after - baseline > RSS_BOUND_MB:
        problems.append(f"resident memory grew {after - baseline:.0f} MB (bound {RSS_BOUND_MB:.0f} MB)")
    assert not problems, "\n".join(problems)


def sip_counters(server) -> dict:
    try:
        token = sign_in(server.base_url, "supervisor", "demo")
        answer = request("GET", server.url("/api/v1/sip/status"), token=token, timeout=30)
    except (AssertionError, NoAnswer) as error:
        return {"unavailable": str(error)}
    return answer.json().get("counters", answer.json()) if answer.status == 200 else {"status": answer.status}


def test_an_invite_flood_from_one_source_does_not_block_a_genuine_caller(sip_demo, capsys):
    server, sip = sip_demo
    statuses: dict[int, int] = {}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as flood:
        # Another address of the loopback network: one source, distinct from the genuine caller's.
        flood.bind(("127.0.0.2", 0))
        flood.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        local = flood.getsockname()
        baseline = server.rss_mb()
        started = time.monotonic()
        for index in range(FLOOD):
            tag = uuid.uuid4().hex[:8]
            invite = request_bytes(
                "INVITE", f"sip:{FLOOD_QUEUE}@{sip[0]}:{sip[1]}", local, f"flood-{index}-{uuid.uuid4().hex}",
                f'"Flood" <sip:+3110000{index:05d}@{local[0]}>;tag={tag}', f"<sip:{FLOOD_QUEUE}@{sip[0]}>", 1, branch(), SDP,
            )
            flood.sendto(invite, sip)
            if index % 100 == 99:
                drain(flood, statuses)
                time.sleep(0.01)
            else:
                time.sleep(0.0005)
        elapsed = time.monotonic() - started
        time.sleep(1)
        drain(flood, statuses)
        assert server.alive(), f"the server died under the INVITE flood\n{server.output()}"

        # A genuine caller from 127.0.0.1 while the flood's calls are still there.
        genuine = place_call(sip, FLOOD_QUEUE, "+31209990000", hold_seconds=1.0, overall=15.0)
        after = server.rss_mb()
        options = options_ping(sip)
        health = request("GET", server.url("/healthz"), timeout=10)
    summary(
        capsys, "sip-flood", invites=FLOOD, seconds=f"{elapsed:.1f}", flood_answers=",".join(f"{k}:{v}" for k, v in sorted(statuses.items())),
        genuine=",".join(map(str, genuine.invite_statuses)) or "none", rss_mb=f"{baseline:.0f}->{after:.0f}", crashes=0 if server.alive() else 1,
    )
    assert options == 200, f"OPTIONS after the flood got {options}"
    assert health.status == 200, health.text
    refused = [status for status in genuine.invite_statuses if status in (480, 486) or status >= 500]
    taken = any(status == 182 or 200 <= status < 300 for status in genuine.invite_statuses)
    assert taken and not refused, (
        f"a genuine caller after {FLOOD} INVITEs from one other source got {genuine.invite_statuses} "
        f"(the flood's answers: {statuses}); expected 182 Queued or 200, not 486/480/5xx"
    )


def hostile_datagrams(sip: tuple[str, int], local: tuple[str, int]) -> list[tuple[str, bytes]]:
    """Single datagrams the fuzzing found to hurt the server, kept as named cases."""
    options = request_bytes(
        "OPTIONS", f"sip:{sip[0]}:{sip[1]}", local, uuid.uuid4().hex, f"<sip:monitor@{local[0]}>;tag=h1", f"<sip:{sip[0]}>", 1, branch()
    )
    lines = options.split(b"\r\n")
    return [
        # Trailing white space in a header value: trimming it cost time quadratic in its length
        # (60,000 spaces: about 20 s of a debug build in which no other SIP message was handled).
        ("a header value ending in 60,000 spaces", b"\r\n".join(lines[:2] + [b"Subject: a" + b" " * 60000] + lines[2:])),
        # A Via list of 12,000 empty elements: the 400 that copies them is larger than a UDP
        # datagram can be, and sending it stopped the SIP socket for good.
        ("a Via list of 12,000 empty elements", b"\r\n".join(lines[:2] + [b"Via: SIP/2.0/UDP h" + b"," * 12000] + lines[2:])),
        ("a Via with 60,000 semicolons", b"\r\n".join(lines[:2] + [b"Via: SIP/2.0/UDP h" + b";" * 60000] + lines[2:])),
        ("20,000 folded continuation lines", b"\r\n".join(lines[:2] + [b"Subject: a" + b"\r\n x" * 20000] + lines[2:])),
        ("a Contact list of 6,000 addresses", b"\r\n".join(lines[:2] + [b"Contact: " + b",".join([b"<sip:a@b>"] * 6000)] + lines[2:])),
    ]


def test_hostile_datagrams_cost_little_and_never_stop_sip(sip_demo, capsys):
    """Each named datagram once; afterwards OPTIONS is answered within a second or two."""
    server, sip = sip_demo
    problems = []
    timings = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        for name, data in hostile_datagrams(sip, sock.getsockname()):
            started = time.monotonic()
            try:
                sock.sendto(data[:65507], sip)
            except OSError as error:
                problems.append(f"{name}: could not be sent ({error})")
                continue
            answered = None
            while time.monotonic() - started < HOSTILE_LIMIT_SECONDS:
                if options_ping(sip, timeout=2) == 200:
                    answered = time.monotonic() - started
                    break
            timings.append(f"{name}: {'never' if answered is None else f'{answered:.1f} s'}")
            if answered is None:
                problems.append(f"{name}: OPTIONS not answered within {HOSTILE_LIMIT_SECONDS:.0f} s afterwards — SIP stopped "
                                f"(/healthz {request('GET', server.url('/healthz'), timeout=15).status}); server restarted")  # fmt: skip
                server.kill()
                server.start()
                continue
            if answered > HOSTILE_SECONDS:
                problems.append(f"{name}: the next OPTIONS was answered only after {answered:.1f} s (bound {HOSTILE_SECONDS:.0f} s)")
    summary(capsys, "sip-hostile", datagrams=len(timings), problems=len(problems), crashes=0 if server.alive() else 1)
    print("\n".join(timings))
    assert server.alive(), server.output()
    assert not problems, "\n".join(problems)
