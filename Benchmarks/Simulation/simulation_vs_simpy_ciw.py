#!/usr/bin/env python3
"""Discrete-event simulation: Switchboard's `simulate` against SimPy and Ciw on one model, for speed
and for agreement of the results.

The model is one queue M/M/N+M: 1,000 agents, Poisson arrivals at 200 calls a minute, exponential
handle time (mean 5 min) and patience (mean 2 min), FIFO, service-level threshold 20 s, one day
(24 h, about 288,000 calls), starting empty with no warm-up.

    python3 Benchmarks/Simulation/simulation_vs_simpy_ciw.py [--binary .build/release/switchboard]
        [--replications 5] [--seed 1] [--hours 24] [--ciw-hours 2] [--only ours,simpy,ciw]
        [--json-out FILE]

    # the peers alone, quickly (ours is left out; speed-ups need it):
    python3 Benchmarks/Simulation/simulation_vs_simpy_ciw.py --only simpy,ciw --hours 1 --ciw-hours 0.5

Ours runs once as `switchboard simulate … --replications R --seed S --json` (and once more for the
Ciw horizon when that is shorter). SimPy and Ciw run in a virtual environment (a temporary one, or
$SIM_BENCH_VENV, created there if missing) with pinned versions, one subprocess per replication
(`--peer simpy|ciw`, this file's own entry point), seeds S, S+1, …, S+R-1. A peer's wall time is the
time to build its model, run it and collect its records; not the interpreter's start-up.

Ciw scans every waiting caller and every agent at each event, so a day takes it about a minute per
replication (SimPy about 8 s): it runs the first `--ciw-hours` only (default 2; `--ciw-hours 24` for
the full day), and its rows say so. Its cost per call hardly depends on the horizon once the agents
are busy; the first ~20 min are cheaper, so its 2 h rate is about 10 % above its full-day rate.

Speed is compared per simulated call: calls simulated per second of wall time, and ours ÷ each peer
(targets ≥ 100× SimPy, ≥ 500× Ciw). Ours runs its replications side by side on every core, the
peers' run one after another on one core, so the ratios are also given per CPU second (ours: its
process's user + system time, start-up included), the like-for-like figure on a multi-core machine.

What the peers count, within a horizon H: every call arriving in [0, H) is offered and is followed
until it is answered or abandons (the model runs on after H with no new arrivals); agents' busy
time counts inside [0, H) only. Service level: counted against = answered within T / offered;
counted for = (answered + abandoned within T) / offered; ignored = answered within T / (offered −
abandoned within T). Abandonment = abandoned / offered; ASA = mean wait of answered calls; mean
wait is over all offered calls; AHT over answered calls; occupancy = busy time / (N × H). (Ours
divides abandons by answered + abandoned and averages the wait over those: the same here, where
every offered call ends answered or abandoned.)
Measures are means over replications with 95 % confidence intervals (t distribution).

Prints one table row per tool (replications, horizon, wall s per replication, calls/s, the three
service levels, abandonment and ASA as mean ± half-width), the same measures over the first
`--ciw-hours` for ours and SimPy (SimPy's from its full-day records: with FIFO, what happens to a
call does not depend on later arrivals), the Erlang A steady-state values, then the speed-ups and
whether each pair of tools' intervals overlap ("agree") for SL counted against, SL ignored and
abandonment.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]

AGENTS = 1000
CALLS_PER_MINUTE = 200.0
AHT_MINUTES = 5.0
PATIENCE_MINUTES = 2.0
THRESHOLD_SECONDS = 20.0
# Ciw: run on this long after the last arrival so that every call has been answered and hung up
# (P(a handle time > 3 h) = e^-36).
CIW_DRAIN_MINUTES = 180.0
PEER_PACKAGES = ["simpy==4.1.2", "ciw==3.2.7"]
TARGETS = {"simpy": 100.0, "ciw": 500.0}
NAMES = {"ours": "Switchboard", "simpy": "SimPy", "ciw": "Ciw"}
# Measures compared for agreement, with their labels.
AGREEMENT = [("slAgainst", "SL counted against"), ("slIgnored", "SL ignored"), ("abandonment", "abandonment")]


# ---------------------------------------------------------------------------------------------
# Peer side: runs in the virtual environment, needs only the standard library and the peer.

def summarize(calls, horizon: float) -> dict[str, float]:
    """Measures over the calls arriving in [0, horizon) (minutes); `calls` holds
    (arrival, wait, handle) in minutes, handle None for a call that abandoned."""
    threshold = THRESHOLD_SECONDS / 60.0
    offered = answered = abandoned = answered_within = abandoned_within = 0
    wait_answered = wait_all = handled = busy = 0.0
    for arrival, wait, handle in calls:
        if arrival >= horizon:
            continue
        offered += 1
        wait_all += wait
        if handle is None:
            abandoned += 1
            abandoned_within += wait <= threshold
        else:
            answered += 1
            answered_within += wait <= threshold
            wait_answered += wait
            handled += handle
            start = arrival + wait
            busy += max(0.0, min(start + handle, horizon) - start)
    return {
        "offered": offered, "answered": answered, "abandoned": abandoned,
        "slIgnored": answered_within / (offered - abandoned_within),
        "slAgainst": answered_within / offered,
        "slFor": (answered_within + abandoned_within) / offered,
        "abandonment": abandoned / offered,
        "asaSeconds": 60.0 * wait_answered / answered,
        "meanWaitSeconds": 60.0 * wait_all / offered,
        "ahtSeconds": 60.0 * handled / answered,
        "occupancy": busy / (AGENTS * horizon),
    }


def run_simpy(end: float, seed: int):
    """The model in idiomatic SimPy: a Resource of agents, each call a process that requests an
    agent and gives up when its patience runs out first. Returns (calls, wall seconds, CPU seconds)."""
    import simpy

    started, cpu = time.perf_counter(), time.process_time()
    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=AGENTS)
    calls = []

    def call(arrival):
        patience = rng.expovariate(1.0 / PATIENCE_MINUTES)
        with agents.request() as request:
            result = yield request | env.timeout(patience)
            wait = env.now - arrival
            if request in result:
                handle = rng.expovariate(1.0 / AHT_MINUTES)
                calls.append((arrival, wait, handle))
                yield env.timeout(handle)
            else:
                calls.append((arrival, wait, None))

    def arrivals():
        while True:
            gap = rng.expovariate(CALLS_PER_MINUTE)
            if env.now + gap >= end:
                return
            yield env.timeout(gap)
            env.process(call(env.now))

    env.process(arrivals())
    env.run()
    return calls, time.perf_counter() - started, time.process_time() - cpu


def run_ciw(end: float, seed: int):
    """The model in Ciw: one node with AGENTS servers, exponential service and reneging; arrivals
    stop at `end`, then the run goes on until every call has left. Returns (calls, wall seconds, CPU seconds)."""
    import ciw

    class ArrivalsUntil(ciw.dists.Distribution):
        """Exponential inter-arrival times, no arrival at or after `end`."""

        def __init__(self, rate: float, end: float):
            self.rate, self.end = rate, end

        def sample(self, t=None, ind=None):
            gap = random.expovariate(self.rate)  # Ciw's own distributions draw from `random` too
            return gap if t + gap < self.end else float("inf")

    started, cpu = time.perf_counter(), time.process_time()
    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ArrivalsUntil(CALLS_PER_MINUTE, end)],
        service_distributions=[ciw.dists.Exponential(rate=1.0 / AHT_MINUTES)],
        reneging_time_distributions=[ciw.dists.Exponential(rate=1.0 / PATIENCE_MINUTES)],
        number_of_servers=[AGENTS],
    )
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(end + CIW_DRAIN_MINUTES)
    calls = []
    for record in simulation.get_all_records(only=["service", "renege"]):
        handle = record.service_time if record.record_type == "service" else None
        calls.append((record.arrival_date, record.waiting_time, handle))
    for individual in simulation.nodes[1].all_individuals:  # still in the node after the drain
        if not individual.server:
            raise RuntimeError(f"call {individual.id_number} is still waiting after the drain")
        calls.append((individual.arrival_date, individual.service_start_date - individual.arrival_date, individual.service_time))
    return calls, time.perf_counter() - started, time.process_time() - cpu


def peer_main(args) -> None:
    """One replication of one peer; prints its wall time and measures as one JSON object."""
    run = {"simpy": run_simpy, "ciw": run_ciw}[args.peer]
    end = args.hours * 60.0
    calls, wall, cpu = run(end, args.seed)
    horizons = sorted({args.hours, *(float(h) for h in args.horizons.split(",") if h)})
    print(json.dumps({
        "tool": args.peer, "seed": args.seed, "hours": args.hours, "wallSeconds": wall, "cpuSeconds": cpu,
        "callsSimulated": sum(1 for call in calls if call[0] < end),
        "measures": {f"{h:g}": summarize(calls, h * 60.0) for h in horizons if h <= args.hours},
    }))


# ---------------------------------------------------------------------------------------------
# Driver side: the host's Python with numpy and scipy.

@dataclass
class Row:
    """One line of the table: a tool over one horizon."""
    label: str
    replications: int
    hours: float
    wall_per_replication: float | None = None
    calls_per_second: float | None = None
    calls_per_cpu_second: float | None = None
    measures: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # name → (mean, low, high)
    note: str = ""


def interval(values: list[float]) -> tuple[float, float, float]:
    """Mean and 95 % confidence interval (t distribution) of replication values."""
    from scipy import stats

    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, math.nan, math.nan
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def run_json(command: list[str]) -> dict:
    """Runs a command and parses its standard output as JSON; stops with its error output if it fails."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr.strip()}")
    return json.loads(result.stdout)


def duration_arg(hours: float) -> str:
    return f"{hours:g}h" if float(hours).is_integer() else f"{round(hours * 60)}m"


def peer_python(workdir: Path) -> str:
    """The Python of a virtual environment with the peers installed."""
    home = Path(os.environ["SIM_BENCH_VENV"]) if os.environ.get("SIM_BENCH_VENV") else workdir / "venv"
    python = home / "bin" / "python"
    if not python.exists():
        print(f"creating a virtual environment in {home}", flush=True)
        venv.create(home, with_pip=True)
    check = subprocess.run([str(python), "-c", "import simpy, ciw; print(simpy.__version__, ciw.__version__)"],
                           capture_output=True, text=True)
    wanted = " ".join(package.split("==")[1] for package in PEER_PACKAGES)
    if check.returncode != 0 or check.stdout.strip() != wanted:
        print(f"installing {' '.join(PEER_PACKAGES)} in {home}", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES], check=True)
    return str(python)


def run_peer(tool: str, python: str, args, hours: float, horizons: list[float]) -> list[dict]:
    """R replications of a peer, one subprocess each."""
    replications = []
    for index in range(args.replications):
        seed = args.seed + index
        command = [python, str(HERE), "--peer", tool, "--hours", f"{hours:g}", "--seed", str(seed),
                   "--horizons", ",".join(f"{h:g}" for h in horizons)]
        result = run_json(command)
        print(f"  {NAMES[tool]:6} replication {index + 1}/{args.replications} (seed {seed}, {hours:g} h): "
              f"{result['wallSeconds']:8.2f} s, {result['callsSimulated']} calls", flush=True)
        replications.append(result)
    return replications


def peer_row(tool: str, replications: list[dict], hours: float, timed: bool, note: str = "") -> Row:
    """A table row from a peer's replications, over the horizon `hours` of their records."""
    key = f"{hours:g}"
    row = Row(NAMES[tool], len(replications), hours, note=note)
    names = replications[0]["measures"][key].keys()
    row.measures = {name: interval([r["measures"][key][name] for r in replications]) for name in names}
    if timed:
        wall = sum(r["wallSeconds"] for r in replications)
        row.wall_per_replication = wall / len(replications)
        calls = sum(r["callsSimulated"] for r in replications)
        row.calls_per_second = calls / wall
        row.calls_per_cpu_second = calls / sum(r["cpuSeconds"] for r in replications)
    return row


def run_ours(args, hours: float) -> Row:
    command = [args.binary, "simulate", "--agents", str(AGENTS), "--calls-per-minute", f"{CALLS_PER_MINUTE:g}",
               "--aht", f"{AHT_MINUTES:g}m", "--patience", f"{PATIENCE_MINUTES:g}m", "--duration", duration_arg(hours),
               "--threshold", f"{THRESHOLD_SECONDS:g}s", "--replications", str(args.replications), "--seed", str(args.seed), "--json"]
    print("  " + " ".join(command), flush=True)
    started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    output = run_json(command)
    measured = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    total = output["total"]
    # An estimate is left out when no replication had it; its interval, when there is one replication.
    triple = lambda m: (m["mean"], m.get("low") if m.get("low") is not None else math.nan,  # noqa: E731
                        m.get("high") if m.get("high") is not None else math.nan)
    row = Row(NAMES["ours"], output["replications"], hours)
    for name in ("offered", "answered", "abandoned", "abandonment", "asaSeconds", "meanWaitSeconds", "ahtSeconds", "occupancy"):
        if total.get(name):
            row.measures[name] = triple(total[name])
    for name, key in (("slIgnored", "ignored"), ("slAgainst", "countedAgainst"), ("slFor", "countedFor")):
        if total.get("serviceLevel", {}).get(key):
            row.measures[name] = triple(total["serviceLevel"][key])
    elapsed = output.get("elapsedSeconds")
    if elapsed is None:
        elapsed, row.note = measured, "timed from outside (no elapsedSeconds)"
    calls = row.measures["offered"][0] * row.replications
    row.wall_per_replication = elapsed / row.replications
    row.calls_per_second = calls / elapsed
    row.calls_per_cpu_second = calls / cpu  # the whole process, start-up included
    if any(row.measures[name][0] > 1 for name in ("slIgnored", "slAgainst", "slFor", "abandonment")):
        print("  warning: a service level or the abandonment above 1 — is ours reporting percentages?", flush=True)
    print(f"  {NAMES['ours']}: {elapsed:.3f} s for {row.replications} replications ({measured:.3f} s with start-up, "
          f"{cpu:.3f} CPU s)", flush=True)
    return row


def erlang_a() -> Row:
    """Steady-state M/M/N+M (Palm/Erlang A): state probabilities of the birth-death chain, then a
    waiting call's fate as a pure-death chain over the number of calls ahead of it (FIFO), served
    at rate Nμ from the head, each caller abandoning at rate θ."""
    import numpy as np
    from scipy.linalg import expm

    lam, mu, theta, n = CALLS_PER_MINUTE, 1.0 / AHT_MINUTES, 1.0 / PATIENCE_MINUTES, AGENTS
    t = THRESHOLD_SECONDS / 60.0
    # log of unnormalised π_k, k = 0 … n + J, stopping when the tail is negligible.
    log_pi = [0.0]
    for k in range(1, n + 1):
        log_pi.append(log_pi[-1] + math.log(lam / (k * mu)))
    j = 0
    while log_pi[-1] > max(log_pi) - 60:
        j += 1
        log_pi.append(log_pi[-1] + math.log(lam / (n * mu + j * theta)))
    log_pi = np.array(log_pi)
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    delay = pi[n:]  # an arrival that finds n + j in the system has j calls ahead of it
    size = len(delay)
    # Sub-generator over "j calls ahead", j = 0 … size-1; absorbing columns: answered, abandoned.
    q = np.zeros((size + 2, size + 2))
    for ahead in range(size):
        q[ahead, ahead] = -(n * mu + ahead * theta + theta)
        if ahead:
            q[ahead, ahead - 1] = n * mu + ahead * theta
        else:
            q[ahead, size] = n * mu
        q[ahead, size + 1] = theta
    within = expm(q * t)
    answered_within = pi[:n].sum() + delay @ within[:size, size]
    abandoned_within = delay @ within[:size, size + 1]
    sub = -q[:size, :size]
    to_answer = np.zeros(size)
    to_answer[0] = n * mu
    p_answer = np.linalg.solve(sub, to_answer)  # P(answered | j ahead)
    wait_answer = np.linalg.solve(sub, p_answer)  # E[wait · 1{answered} | j ahead]
    wait_all = np.linalg.solve(sub, np.ones(size))  # E[wait | j ahead]
    answered = pi[:n].sum() + delay @ p_answer
    abandonment = 1.0 - answered
    values = {
        "slAgainst": answered_within, "slFor": answered_within + abandoned_within,
        "slIgnored": answered_within / (1.0 - abandoned_within), "abandonment": abandonment,
        "asaSeconds": 60.0 * (delay @ wait_answer) / answered, "meanWaitSeconds": 60.0 * (delay @ wait_all),
        "ahtSeconds": 60.0 * AHT_MINUTES, "occupancy": lam * answered / (n * mu),
    }
    return Row("Erlang A", 0, math.inf, measures={k: (float(v), math.nan, math.nan) for k, v in values.items()},
               note="steady state; the simulations start empty")


def cell(row: Row, name: str, scale: float, digits: int) -> str:
    if name not in row.measures:
        return ""
    mean, low, high = row.measures[name]
    if math.isnan(low):
        return f"{mean * scale:.{digits}f}"
    return f"{mean * scale:.{digits}f} ± {(high - low) / 2 * scale:.{digits}f}"


def print_table(rows: list[Row]) -> None:
    header = ["tool", "reps", "horizon", "wall s/rep", "calls/s", "SL ignored %", "SL against %", "SL for %",
              "abandoned %", "ASA s", "note"]
    lines = []
    for row in rows:
        lines.append([
            row.label, str(row.replications) if row.replications else "",
            "steady" if math.isinf(row.hours) else f"{row.hours:g} h",
            f"{row.wall_per_replication:.3f}" if row.wall_per_replication is not None else "",
            f"{row.calls_per_second:,.0f}" if row.calls_per_second is not None else "",
            cell(row, "slIgnored", 100, 2), cell(row, "slAgainst", 100, 2), cell(row, "slFor", 100, 2),
            cell(row, "abandonment", 100, 2), cell(row, "asaSeconds", 1, 2), row.note,
        ])
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines)]
    for line in [header, *lines]:
        print("  ".join(str(x).ljust(w) if i in (0, len(widths) - 1) else str(x).rjust(w)
                        for i, (x, w) in enumerate(zip(line, widths))).rstrip())


def print_more(rows: list[Row]) -> None:
    print("\nother measures (mean ± 95 % half-width):")
    for row in rows:
        horizon = "steady" if math.isinf(row.hours) else f"{row.hours:g} h"
        parts = [f"{label} {cell(row, name, scale, digits)}{unit}"
                 for name, label, scale, digits, unit in (("meanWaitSeconds", "mean wait", 1, 2, " s"), ("ahtSeconds", "AHT", 1, 1, " s"),
                                                          ("occupancy", "occupancy", 100, 2, " %"), ("offered", "offered", 1, 0, ""))
                 if name in row.measures]
        print(f"  {row.label:12} {horizon:7} " + ", ".join(parts))


def overlap(a: tuple[float, float, float] | None, b: tuple[float, float, float] | None) -> str:
    if a is None or b is None or math.isnan(a[1]) or math.isnan(b[1]):
        return "n/a"
    return "yes" if a[1] <= b[2] and b[1] <= a[2] else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "switchboard"))
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hours", type=float, default=24.0, help="horizon of ours and SimPy")
    parser.add_argument("--ciw-hours", type=float, default=2.0, help="Ciw's horizon (at most --hours)")
    parser.add_argument("--only", default="ours,simpy,ciw", help="comma-separated subset of ours,simpy,ciw")
    parser.add_argument("--json-out", help="also write every row and replication to this file")
    parser.add_argument("--peer", choices=["simpy", "ciw"], help=argparse.SUPPRESS)
    parser.add_argument("--horizons", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:
        peer_main(args)
        return

    tools = [tool.strip() for tool in args.only.split(",") if tool.strip()]
    unknown = set(tools) - set(NAMES)
    if unknown or not tools:
        parser.error(f"--only takes ours, simpy, ciw (got {args.only})")
    if args.replications < 1:
        parser.error("--replications must be at least 1")
    hours, ciw_hours = args.hours, min(args.ciw_hours, args.hours)
    short = ciw_hours < hours and "ciw" in tools
    print(f"M/M/{AGENTS}+M: {CALLS_PER_MINUTE:g} calls/min, AHT {AHT_MINUTES:g} min, patience {PATIENCE_MINUTES:g} min, "
          f"SL threshold {THRESHOLD_SECONDS:g} s, FIFO, start empty; {args.replications} replications from seed {args.seed}; "
          f"horizon {hours:g} h" + (f" (Ciw {ciw_hours:g} h)" if "ciw" in tools else ""), flush=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (wall times need a quiet machine)", flush=True)

    rows: list[Row] = []
    short_rows: list[Row] = []
    raw: dict[str, object] = {}
    by_tool: dict[tuple[str, float], Row] = {}
    if "ours" in tools:
        by_tool["ours", hours] = run_ours(args, hours)
        rows.append(by_tool["ours", hours])
        if short:
            by_tool["ours", ciw_hours] = run_ours(args, ciw_hours)
            short_rows.append(by_tool["ours", ciw_hours])
    with tempfile.TemporaryDirectory(prefix="sim-bench-") as directory:
        python = peer_python(Path(directory)) if {"simpy", "ciw"} & set(tools) else None
        if "simpy" in tools:
            replications = run_peer("simpy", python, args, hours, [ciw_hours] if short else [])
            raw["simpy"] = replications
            by_tool["simpy", hours] = peer_row("simpy", replications, hours, timed=True)
            rows.append(by_tool["simpy", hours])
            if short:
                by_tool["simpy", ciw_hours] = peer_row("simpy", replications, ciw_hours, timed=False,
                                                        note=f"first {ciw_hours:g} h of its {hours:g} h runs")
                short_rows.append(by_tool["simpy", ciw_hours])
        if "ciw" in tools:
            replications = run_peer("ciw", python, args, ciw_hours, [])
            raw["ciw"] = replications
            by_tool["ciw", ciw_hours] = peer_row("ciw", replications, ciw_hours, timed=True,
                                                  note=f"SHORTER HORIZON: {ciw_hours:g} h of {hours:g} h" if short else "")
            rows.append(by_tool["ciw", ciw_hours])
    analytic = erlang_a()

    print()
    print_table(rows + short_rows + [analytic])
    print_more(rows + short_rows + [analytic])

    ours = by_tool.get(("ours", hours))
    print()
    for tool in ("simpy", "ciw"):
        peer = by_tool.get((tool, hours if tool == "simpy" else ciw_hours))
        if peer is None:
            continue
        if ours is None:
            print(f"{NAMES[tool]}: {peer.calls_per_second:,.0f} calls simulated per second, "
                  f"{peer.calls_per_cpu_second:,.0f} per CPU second (ours not run: no speed-up)")
            continue
        ratio = ours.calls_per_second / peer.calls_per_second
        per_cpu = ours.calls_per_cpu_second / peer.calls_per_cpu_second
        horizon = f"; Ciw ran {ciw_hours:g} h, ours {hours:g} h: compared per simulated call" if tool == "ciw" and short else ""
        print(f"speed-up over {NAMES[tool]}: {ratio:,.1f}× by wall time (target ≥ {TARGETS[tool]:g}×: "
              f"{'met' if ratio >= TARGETS[tool] else 'NOT met'}); {per_cpu:,.1f}× per CPU second{horizon}")
    if ours is not None and ({"simpy", "ciw"} & set(tools)):
        print(f"(ours runs its replications side by side on the machine's {os.cpu_count()} cores, each peer "
              "replication on one core one after another: the per-CPU-second ratio is the like-for-like one)")

    print("\nagreement (95 % intervals overlap):")
    pairs = [(("ours", hours), ("simpy", hours))]
    pairs += [(("ours", ciw_hours), ("ciw", ciw_hours)), (("simpy", ciw_hours), ("ciw", ciw_hours))]
    if short:
        pairs.append((("ours", ciw_hours), ("simpy", ciw_hours)))
    shown = False
    for (a, ha), (b, hb) in pairs:
        left, right = by_tool.get((a, ha)), by_tool.get((b, hb))
        if left is None or right is None:
            continue
        verdicts = ", ".join(f"{label} {overlap(left.measures.get(name), right.measures.get(name))}" for name, label in AGREEMENT)
        print(f"  {f'{ha:g} h':6} {f'{NAMES[a]} vs {NAMES[b]}:':22} {verdicts}")
        shown = True
    if not shown:
        print("  (fewer than two tools over a common horizon)")

    if args.json_out:
        dump = {"rows": [row.__dict__ for row in rows + short_rows + [analytic]], "peerReplications": raw}
        Path(args.json_out).write_text(json.dumps(dump, indent=2, default=str))


if __name__ == "__main__":
    main()
