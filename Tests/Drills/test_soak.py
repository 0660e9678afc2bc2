"""Soak: the demo with ten times its live traffic for SWITCHBOARD_SOAK_SECONDS (600 in CI), sampled.

Every second a read is timed (GET /healthz and GET /api/v1/realtime/wallboard in turn), every ten
seconds a write (POST /api/v1/calls) is timed and the server's resident memory (VmRSS of
/proc/PID/status) and open file descriptors (/proc/PID/fd) are read. After a warm-up (a tenth of
the run, at least 30 s) the baseline is taken; at the end

- resident memory ≤ baseline + SWITCHBOARD_SOAK_RSS_GROWTH_MB (30 MB),
- open file descriptors ≤ baseline + SWITCHBOARD_SOAK_FD_GROWTH (20),
- the 99th percentile of every timed request < SWITCHBOARD_SOAK_P99_SECONDS (1 s), none failed,
- the traffic flowed (calls offered and answered grew).

A table of the samples is printed. By hand, longer: SWITCHBOARD_SOAK_SECONDS=3600
SWITCHBOARD_SOAK_CALLS_PER_HOUR=6000 python3 -m pytest -q Tests/Drills/test_soak.py
"""

from __future__ import annotations

import time

from drill_support import NoAnswer, binary, demo_server, env_int, env_number, percentile, request, say, sign_in, summary  # noqa: F401

SECONDS = env_number("SWITCHBOARD_SOAK_SECONDS", 600)
CALLS_PER_HOUR = env_int("SWITCHBOARD_SOAK_CALLS_PER_HOUR", 3000)  # ten times the demo's 300
RSS_GROWTH_MB = env_number("SWITCHBOARD_SOAK_RSS_GROWTH_MB", 30)
FD_GROWTH = env_int("SWITCHBOARD_SOAK_FD_GROWTH", 20)
P99_SECONDS = env_number("SWITCHBOARD_SOAK_P99_SECONDS", 1.0)
SAMPLE_SECONDS = 10.0


def traffic(server, token: str) -> tuple[int, int]:
    queues = request("GET", server.url("/api/v1/realtime/queues"), token=token, timeout=10).json()
    return sum(q["today"]["offered"] for q in queues), sum(q["today"]["answered"] for q in queues)


def test_ten_times_demo_traffic_stays_flat(binary, tmp_path, capsys):  # noqa: F811
    warm_up = max(30.0, SECONDS / 10)
    with demo_server(binary, tmp_path, "--calls-per-hour", str(CALLS_PER_HOUR)) as server:
        supervisor = sign_in(server.base_url, "supervisor", "demo")
        offered_before, answered_before = traffic(server, supervisor)
        latencies: dict[str, list[float]] = {"healthz": [], "wallboard": [], "post-call": []}
        failures: list[str] = []
        samples: list[tuple] = []
        baseline: tuple[float, int] | None = None
        started = time.monotonic()
        next_sample = started
        tick = 0
        say(capsys, f"  soak: {SECONDS:.0f} s at {CALLS_PER_HOUR} calls an hour (warm-up {warm_up:.0f} s)")
        while (now := time.monotonic()) - started < SECONDS:
            assert server.alive(), f"the server died after {now - started:.0f} s\n{server.output()}"
            name, path = ("healthz", "/healthz") if tick % 2 == 0 else ("wallboard", "/api/v1/realtime/wallboard")
            tick += 1
            try:
                answer = request("GET", server.url(path), token=supervisor, timeout=30)
                latencies[name].append(answer.seconds)
                if answer.status != 200:
                    failures.append(f"{now - started:.0f}s GET {path}: {answer.status} {answer.text[:200]}")
            except NoAnswer as error:
                failures.append(f"{now - started:.0f}s GET {path}: {error}")
            if now >= next_sample:
                next_sample += SAMPLE_SECONDS
                post = float("nan")
                try:
                    answer = request("POST", server.url("/api/v1/calls"), {"queue": "800", "from": "+31205550000"}, token=supervisor, timeout=30)
                    post = answer.seconds
                    latencies["post-call"].append(post)
                    if answer.status != 201:
                        failures.append(f"{now - started:.0f}s POST /calls: {answer.status} {answer.text[:200]}")
                except NoAnswer as error:
                    failures.append(f"{now - started:.0f}s POST /calls: {error}")
                rss, fds = server.rss_mb(), server.open_fds()
                recent = latencies["healthz"][-10:] + latencies["wallboard"][-10:]
                samples.append((now - started, rss, fds, max(recent, default=float("nan")), post))
                if baseline is None and now - started >= warm_up:
                    baseline = (rss, fds)
                if len(samples) % 6 == 1:
                    say(capsys, f"  soak {now - started:5.0f} s: rss {rss:6.1f} MB, fds {fds:4d}, slowest read {samples[-1][3] * 1000:6.0f} ms, post {post * 1000:6.0f} ms")
            time.sleep(max(0.0, 1.0 - (time.monotonic() - now)))
        offered, answered = traffic(server, supervisor)
        end_rss, end_fds = server.rss_mb(), server.open_fds()
    baseline = baseline or (samples[0][1], samples[0][2])
    table = ["   time     RSS MB   fds  slowest read ms  post ms"] + [
        f"  {at:5.0f} s  {rss:7.1f}  {fds:4d}  {read * 1000:15.0f}  {post * 1000:7.0f}" for at, rss, fds, read, post in samples
    ]
    all_latencies = [value for values in latencies.values() for value in values]
    p99 = {name: percentile(values, 0.99) for name, values in latencies.items()}
    with capsys.disabled():
        print("\n".join(table))
    summary(
        capsys, "soak", seconds=f"{SECONDS:.0f}", calls_per_hour=CALLS_PER_HOUR, calls_offered=offered - offered_before,
        answered=answered - answered_before, rss_mb=f"{baseline[0]:.0f}->{end_rss:.0f}", fds=f"{baseline[1]}->{end_fds}",
        p99_ms="/".join(f"{name}:{value * 1000:.0f}" for name, value in p99.items()), failed_requests=len(failures),
        crashes=0,
    )
    assert not failures, "\n".join(failures[:20])
    assert end_rss <= baseline[0] + RSS_GROWTH_MB, f"RSS grew from {baseline[0]:.1f} MB to {end_rss:.1f} MB (bound +{RSS_GROWTH_MB:.0f} MB)\n" + "\n".join(table)
    assert end_fds <= baseline[1] + FD_GROWTH, f"open file descriptors grew from {baseline[1]} to {end_fds} (bound +{FD_GROWTH})\n" + "\n".join(table)
    slow = {name: value for name, value in p99.items() if value >= P99_SECONDS}
    assert not slow, f"99th percentile latency over {P99_SECONDS:.1f} s: {slow} (of {len(all_latencies)} requests)"
    assert answered - answered_before > 0 and offered - offered_before > SECONDS * CALLS_PER_HOUR / 3600 / 3, (
        f"the traffic did not flow: {offered - offered_before} offered, {answered - answered_before} answered"
    )
