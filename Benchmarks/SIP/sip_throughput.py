#!/usr/bin/env python3
"""SIP throughput: how many calls per second Switchboard connects with no failed call and no
retransmission, caller (sipp) → Switchboard's B2BUA → agents' phones (one sipp answering for
all of them) — and, in the same run, the same ramp through Kamailio as a plain stateful proxy
between the same peers (it handles one dialog per call; Switchboard two, plus the routing and
a durable call record).

    python3 Benchmarks/SIP/sip_throughput.py [--binary .build/release/switchboard] [--agents 100]
        [--rates 50,100,200,300,400,500,600,800] [--seconds 8] [--call-ms 100]

Needs sipp (apt-get install sip-tester); Kamailio (apt-get install kamailio) for the ratio.
Prints one line per rate and the highest clean rate of each, then their ratio.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PASSWORD = "bench-password-1"


def free_port(kind=socket.SOCK_DGRAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api(base: str, method: str, path: str, body=None, token: str | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def run_load(sipp: str, target: str, rate: int, seconds: int, call_ms: int, service: str, workdir: Path) -> dict[str, int]:
    """One sipp caller at `rate` calls per second for `seconds`; its final counters."""
    run = time.monotonic_ns()
    stats, errors = workdir / f"uac-{rate}-{run}.csv", workdir / f"uac-{rate}-{run}-errors.log"
    calls = rate * seconds
    subprocess.run(
        [sipp, "-sn", "uac", "-s", service, "-r", str(rate), "-m", str(calls), "-d", str(call_ms), "-i", "127.0.0.1",
         "-p", str(free_port()), "-mp", str(free_port()), "-nostdin", "-trace_stat", "-stf", str(stats), "-fd", "1", "-trace_err", "-error_file", str(errors),
         "-timeout", f"{seconds + 30}s", "-l", str(max(rate, 50) * 5), target],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir, timeout=seconds + 60,
    )
    with open(stats, newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, last = rows[0], rows[-1]
    value = lambda name: int(float(last[header.index(name)]))  # noqa: E731
    # Why calls failed, by sipp's reason line (the most frequent first).
    reasons: dict[str, int] = {}
    if errors.exists():
        for line in errors.read_text(errors="replace").splitlines():
            if "Aborting call" in line or "unexpected" in line.lower() or "timeout" in line.lower():
                reason = re.sub(r"Call-Id '[^']*'", "Call-Id …", line.split(": ", 1)[-1])[:140]
                reasons[reason] = reasons.get(reason, 0) + 1
    return {"ok": value("SuccessfulCall(C)"), "failed": value("FailedCall(C)"), "retransmissions": value("Retransmissions(C)"), "calls": calls,
            "reasons": sorted(reasons.items(), key=lambda item: -item[1])[:3]}


def ramp(name: str, sipp: str, target: str, service: str, rates: list[int], seconds: int, call_ms: int, workdir: Path) -> int:
    best = 0
    for rate in rates:
        result = run_load(sipp, target, rate, seconds, call_ms, service, workdir)
        clean = result["failed"] == 0 and result["retransmissions"] == 0 and result["ok"] == result["calls"]
        print(f"{name:12} {rate:5} calls/s: {result['ok']:6} of {result['calls']:6} completed, {result['failed']} failed, "
              f"{result['retransmissions']} retransmissions {'ok' if clean else '← limit'}", flush=True)
        if not clean:
            for reason, count in result["reasons"]:
                print(f"{'':12} {count:5} × {reason}", flush=True)
            break
        best = rate
        time.sleep(2)
    return best


def switchboard(args, sipp: str, workdir: Path) -> int:
    http_port, sip_port, phone_port = free_port(socket.SOCK_STREAM), free_port(), free_port()
    # One sipp sends every call from 127.0.0.1, as a carrier trunk would: trusted, so the
    # per-source INVITE limits meant for callers on the internet do not apply to it.
    env = {**os.environ, "SWITCHBOARD_LOG_LEVEL": "warning", "SWITCHBOARD_SIP_TRUSTED": "127.0.0.1"}
    server = subprocess.Popen(
        [args.binary, "demo", "--data-dir", str(workdir / "data"), "--http", f"127.0.0.1:{http_port}", "--sip", f"127.0.0.1:{sip_port}"],
        stdout=subprocess.DEVNULL, stderr=open(workdir / "server.log", "wb"), env=env)
    phones = None
    try:
        base = f"http://127.0.0.1:{http_port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        admin = api(base, "POST", "/api/v1/sessions", {"username": "admin", "password": "demo"})["token"]
        api(base, "POST", "/api/v1/queues", {"name": "Bench", "extension": "899", "wrapUpSeconds": 0, "maxWaitingCalls": 1000}, admin)
        agent_ids = []
        for index in range(1, args.agents + 1):
            name = f"bench{index:03}"
            user = api(base, "POST", "/api/v1/users",
                       {"username": name, "displayName": name, "language": "en", "roles": ["agent"], "password": PASSWORD}, admin)
            agent = api(base, "POST", "/api/v1/agents", {"userId": user["id"], "skills": []}, admin)
            api(base, "PUT", f"/api/v1/agents/{agent['id']}/sip", {"username": name, "password": PASSWORD}, admin)
            agent_ids.append(agent["id"])
        # One sipp run per account (sipp 3.6 takes digest credentials from -au/-ap only), all
        # from the port where one sipp then answers for every phone.
        for index in range(1, args.agents + 1):
            name = f"bench{index:03}"
            subprocess.run(
                [sipp, "-sf", str(ROOT / "Tests" / "EndToEnd" / "sipp" / "register.xml"), "-m", "1", "-s", name, "-au", name, "-ap", PASSWORD,
                 "-i", "127.0.0.1", "-p", str(phone_port), "-nostdin", "-timeout", "10s", "-timeout_error", f"127.0.0.1:{sip_port}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir, check=True, timeout=30)
        phones = subprocess.Popen(
            [sipp, "-sn", "uas", "-i", "127.0.0.1", "-p", str(phone_port), "-mp", str(free_port()), "-nostdin"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir)
        supervisor = api(base, "POST", "/api/v1/sessions", {"username": "supervisor", "password": "demo"})["token"]
        for agent in agent_ids:
            api(base, "POST", f"/api/v1/agents/{agent}/state", {"state": "available"}, supervisor)
        return ramp("switchboard", sipp, f"127.0.0.1:{sip_port}", "899", args.rates, args.seconds, args.call_ms, workdir)
    finally:
        if phones:
            phones.send_signal(signal.SIGTERM)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def kamailio(args, sipp: str, workdir: Path) -> int | None:
    binary = shutil.which("kamailio") or ("/usr/sbin/kamailio" if Path("/usr/sbin/kamailio").exists() else None)
    if binary is None:
        print("kamailio is not installed (apt-get install kamailio): no ratio this run", flush=True)
        return None
    proxy_port, phone_port = free_port(), free_port()
    config = workdir / "kamailio.cfg"
    config.write_text((HERE / "kamailio.cfg").read_text().replace("KAMAILIO_PORT", str(proxy_port)).replace("PHONE_PORT", str(phone_port)))
    proxy = subprocess.Popen([binary, "-f", str(config), "-DD", "-E", "-m", "256", "-M", "32", "-P", str(workdir / "kamailio.pid")],
                             stdout=subprocess.DEVNULL, stderr=open(workdir / "kamailio.log", "wb"))
    phones = subprocess.Popen([sipp, "-sn", "uas", "-i", "127.0.0.1", "-p", str(phone_port), "-mp", str(free_port()), "-nostdin"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir)
    try:
        time.sleep(3)
        return ramp("kamailio", sipp, f"127.0.0.1:{proxy_port}", "service", args.rates, args.seconds, args.call_ms, workdir)
    finally:
        phones.send_signal(signal.SIGTERM)
        proxy.send_signal(signal.SIGTERM)
        proxy.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    release = ROOT / ".build" / "release" / "switchboard"
    parser.add_argument("--binary", default=str(release if release.exists() else ROOT / ".build" / "debug" / "switchboard"))
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--rates", default="50,100,200,300,400,500,600,800")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--call-ms", type=int, default=100)
    parser.add_argument("--only", choices=["switchboard", "kamailio"], help="Run one side only.")
    args = parser.parse_args()
    args.rates = [int(rate) for rate in args.rates.split(",")]
    sipp = shutil.which("sipp")
    if sipp is None:
        sys.exit("sipp is not installed (apt-get install sip-tester)")
    print(f"binary: {args.binary}; {args.agents} agents; {args.call_ms} ms calls; {args.seconds} s per rate", flush=True)
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        ours = switchboard(args, sipp, workdir) if args.only != "kamailio" else 0
        theirs = kamailio(args, sipp, workdir) if args.only != "switchboard" else None
    print(f"highest clean rate: Switchboard {ours} calls/s" + (f", Kamailio {theirs} calls/s" if theirs is not None else ""))
    if theirs:
        print(f"Switchboard ÷ Kamailio: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
