#!/usr/bin/env python3
"""Staffing speed and agreement: Switchboard's `staffing` command against pyworkforce's ErlangC
on the same forecast — 10,000 half-hour rows, offered load uniform in 5…400 Erlangs, AHT
uniform in 120…600 s, target 80 % answered within 20 s, no shrinkage, no occupancy cap.

    python3 Benchmarks/Staffing/staffing_vs_pyworkforce.py [--binary .build/release/switchboard]
        [--rows 10000] [--seed 20261130] [--repeat 3] [--only ours|pyworkforce] [--keep-csv PATH]

Writes the forecast as CSV (`start,calls,aht`; start like 2026-11-30T08:00, AHT in seconds) and
runs `<binary> staffing --forecast FILE --interval 30m --target 80/20 --json`, timing the whole
process. pyworkforce runs in its own virtual environment — `$STAFFING_BENCH_VENV` if set (made
and filled there if needed, and kept), else a temporary one — as
`ErlangC(transactions=calls, aht=aht_s, asa=20, interval=1800, shrinkage=0)
.required_positions(service_level=0.8, max_occupancy=1.0)` for every row (all times in seconds:
pyworkforce only uses the ratios calls/interval·aht and asa/aht, so any one unit is right).

Prints: each side's wall time (best of --repeat) for the whole process and per row, pyworkforce's
import and compute-loop times apart (ours: the `computeSeconds` our JSON reports — reading the
CSV and solving every row, not printing), and the speed-up ratios; then, against an exact Erlang C in
this script (minimum N with SL(20 s) ≥ 0.80): how close any row comes to the 80 % line, the
largest error of the figures our JSON reports (SL, P(wait), ASA, occupancy) at its own agent
count, how many rows each side staffs above or below the exact count, and every row where the
raw agent counts differ (load, AHT, exact, ours, theirs, and the SL at each count).
`--only pyworkforce` skips our binary (pyworkforce is then compared with the exact count alone);
`--only ours` skips pyworkforce.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
INTERVAL_SECONDS = 1800
TARGET_SL = 0.80
TARGET_SECONDS = 20.0
PYWORKFORCE = "pyworkforce==0.5.1"   # the version whose source this script was written against

# Runs inside pyworkforce's venv: argv[1] is the CSV; prints one JSON object on stdout.
PYWORKFORCE_WORKER = r"""
import csv, json, sys, time
started = time.perf_counter()
from pyworkforce.queuing import ErlangC
imported = time.perf_counter()
with open(sys.argv[1], newline="") as f:
    rows = [(float(r["calls"]), float(r["aht"])) for r in csv.DictReader(f)]
loop_start = time.perf_counter()
raw = []
for calls, aht in rows:
    erlang = ErlangC(transactions=calls, aht=aht, asa=%(asa)r, interval=%(interval)r, shrinkage=0.0)
    raw.append(erlang.required_positions(service_level=%(sl)r, max_occupancy=1.0)["raw_positions"])
loop_end = time.perf_counter()
print(json.dumps({"import_seconds": imported - started, "compute_seconds": loop_end - loop_start, "raw_positions": raw}))
""" % {"asa": TARGET_SECONDS, "interval": float(INTERVAL_SECONDS), "sl": TARGET_SL}


# --- forecast -----------------------------------------------------------------------------------

def make_forecast(rows: int, seed: int) -> list[dict]:
    """Seeded rows: start, calls (2 decimals), aht (whole seconds); load = calls·aht/1800."""
    rng = random.Random(seed)
    first = datetime(2026, 11, 30, 8, 0)
    forecast = []
    for i in range(rows):
        load = rng.uniform(5.0, 400.0)
        aht = round(rng.uniform(120.0, 600.0))
        forecast.append({
            "start": (first + timedelta(minutes=30 * i)).strftime("%Y-%m-%dT%H:%M"),
            "calls": round(load * INTERVAL_SECONDS / aht, 2),
            "aht": aht,
        })
    return forecast


def write_csv(forecast: list[dict], path: Path) -> None:
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["start", "calls", "aht"], lineterminator="\n")
        writer.writeheader()
        for row in forecast:
            writer.writerow({"start": row["start"], "calls": f"{row['calls']:.2f}", "aht": row["aht"]})


def load_of(row: dict) -> float:
    return row["calls"] * row["aht"] / INTERVAL_SECONDS


# --- exact Erlang C -----------------------------------------------------------------------------

def erlang_c(load: float, agents: int, aht: float, target: float = TARGET_SECONDS) -> dict:
    """P(wait), SL(target), ASA and occupancy of M/M/N through the Erlang B recursion."""
    if agents <= load:
        return {"probabilityOfWaiting": 1.0, "serviceLevel": 0.0, "asaSeconds": math.inf, "occupancy": 1.0}
    b = 1.0
    for n in range(1, agents + 1):
        b = load * b / (n + load * b)
    wait = agents * b / (agents - load * (1.0 - b))
    return {
        "probabilityOfWaiting": wait,
        "serviceLevel": 1.0 - wait * math.exp(-(agents - load) * target / aht),
        "asaSeconds": wait * aht / (agents - load),
        "occupancy": load / agents,
    }


def exact_agents(load: float, aht: float) -> int:
    """Smallest N > load with SL(20 s) ≥ 0.80, stepping the Erlang B recursion one agent at a time."""
    b, n = 1.0, 0
    while True:
        n += 1
        b = load * b / (n + load * b)
        if n > load:
            wait = n * b / (n - load * (1.0 - b))
            if 1.0 - wait * math.exp(-(n - load) * TARGET_SECONDS / aht) >= TARGET_SL:
                return n


# --- the two contenders -------------------------------------------------------------------------

def venv_python(root: Path) -> Path:
    """The venv's interpreter, with pyworkforce installed (creating the venv if needed)."""
    python = root / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(root)], check=True)
    probe = subprocess.run([str(python), "-c", "import pyworkforce"], capture_output=True)
    if probe.returncode != 0:
        print(f"installing {PYWORKFORCE} into {root} …", file=sys.stderr)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PYWORKFORCE],
                       check=True)
    return python


def run_pyworkforce(python: Path, forecast_csv: Path, repeat: int) -> dict:
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([str(python), "-c", PYWORKFORCE_WORKER, str(forecast_csv)],
                              capture_output=True, text=True, check=True)
        wall = time.perf_counter() - start
        result = json.loads(done.stdout)
        result["wall_seconds"] = wall
        if best is None or result["compute_seconds"] < best["compute_seconds"]:
            best = result
    return best


def run_ours(binary: Path, forecast_csv: Path, repeat: int) -> dict:
    command = [str(binary), "staffing", "--forecast", str(forecast_csv), "--interval", "30m", "--target", "80/20", "--json"]
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.strip()}")
        if best is None or wall < best["wall_seconds"]:
            output = json.loads(done.stdout)
            best = {"wall_seconds": wall, "intervals": output["intervals"], "compute_seconds": output["computeSeconds"]}
    return best


# --- report -------------------------------------------------------------------------------------

def check_our_output(forecast: list[dict], intervals: list[dict]) -> None:
    """Our JSON must echo every row; its figures are compared with the exact Erlang C."""
    if len(intervals) != len(forecast):
        sys.exit(f"our output has {len(intervals)} intervals for {len(forecast)} rows")
    for row, out in zip(forecast, intervals):
        if not (out["start"].startswith(row["start"]) and math.isclose(out["calls"], row["calls"], abs_tol=1e-9)
                and math.isclose(out["ahtSeconds"], row["aht"], abs_tol=1e-9)):
            sys.exit(f"our output row {out} does not echo the forecast row {row}")
    worst = {key: 0.0 for key in ("serviceLevel", "probabilityOfWaiting", "asaSeconds", "occupancy")}
    positions_differ = 0
    for row, out in zip(forecast, intervals):
        exact = erlang_c(load_of(row), out["agents"], row["aht"])
        for key in worst:
            worst[key] = max(worst[key], abs(out[key] - exact[key]))
        positions_differ += out["positions"] != out["agents"]
    print("our reported figures vs exact Erlang C at our agent count (largest absolute error): "
          + ", ".join(f"{key} {value:.2e}" for key, value in worst.items()))
    if positions_differ:
        print(f"  note: positions ≠ agents on {positions_differ} rows although shrinkage is 0")


def report(forecast: list[dict], ours: dict | None, theirs: dict | None, max_list: int) -> None:
    rows = len(forecast)
    print(f"rows: {rows}, offered load {min(map(load_of, forecast)):.2f}…{max(map(load_of, forecast)):.2f} Erlangs, "
          f"target {TARGET_SL:.0%} in {TARGET_SECONDS:g} s")
    if ours:
        wall = ours["wall_seconds"]
        loop = ours["compute_seconds"]
        print(f"ours:        whole process {wall:8.3f} s   (reading the CSV and solving {loop:.4f} s, {loop / rows * 1e6:.2f} µs per row)")
    if theirs:
        loop, wall = theirs["compute_seconds"], theirs["wall_seconds"]
        print(f"pyworkforce: whole process {wall:8.3f} s   (import {theirs['import_seconds']:.3f} s)   "
              f"compute loop {loop:8.3f} s   {loop / rows * 1e6:10.2f} µs per row")
    if ours and theirs:
        print(f"speed-up, computation to computation: {theirs['compute_seconds'] / ours['compute_seconds']:.0f}× "
              f"(target ≥ 100×); whole process to whole process: {theirs['wall_seconds'] / ours['wall_seconds']:.1f}×")
    print()

    exact = [exact_agents(load_of(row), row["aht"]) for row in forecast]
    margin, row_at = min(
        (min(erlang_c(load_of(row), n, row["aht"])["serviceLevel"] - TARGET_SL,
             TARGET_SL - erlang_c(load_of(row), n - 1, row["aht"])["serviceLevel"]), i)
        for i, (row, n) in enumerate(zip(forecast, exact)))
    print(f"closest call: row {row_at}, SL {margin:.2e} from the target at the exact count or one below "
          f"(a rounding difference between implementations could only flip rows that close)")
    columns = {"exact": exact}
    if ours:
        check_our_output(forecast, ours["intervals"])
        columns["ours"] = [out["agents"] for out in ours["intervals"]]
    if theirs:
        columns["theirs"] = theirs["raw_positions"]
    for name, values in columns.items():
        if name != "exact":
            over = sum(v > e for v, e in zip(values, exact))
            under = sum(v < e for v, e in zip(values, exact))
            print(f"{name:>6} vs exact minimum: {over} rows over, {under} rows under")

    # The rows to list: ours vs theirs when both ran, else the one that ran vs exact.
    names = [n for n in ("ours", "theirs") if n in columns]
    left, right = (names + ["exact"])[:2]
    differing = [i for i in range(rows) if columns[left][i] != columns[right][i]]
    print(f"rows where raw agent counts differ ({left} vs {right}): {len(differing)}")
    if differing:
        header = f"{'row':>6} {'load':>10} {'aht':>5} " + " ".join(f"{n:>6}" for n in columns) \
            + " " + " ".join(f"{'SL(' + n + ')':>16}" for n in columns)
        print(header)
        for i in differing[:max_list]:
            load, aht = load_of(forecast[i]), forecast[i]["aht"]
            counts = [columns[n][i] for n in columns]
            levels = [erlang_c(load, c, aht)["serviceLevel"] for c in counts]
            print(f"{i:>6} {load:>10.4f} {aht:>5} " + " ".join(f"{c:>6}" for c in counts)
                  + " " + " ".join(f"{s:>16.12f}" for s in levels))
        if len(differing) > max_list:
            print(f"… and {len(differing) - max_list} more")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", type=Path, default=ROOT / ".build" / "release" / "switchboard")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; the best time counts")
    parser.add_argument("--only", choices=["ours", "pyworkforce"])
    parser.add_argument("--keep-csv", type=Path, help="also copy the forecast CSV here")
    parser.add_argument("--max-list", type=int, default=200, help="list at most this many differing rows")
    args = parser.parse_args()

    forecast = make_forecast(args.rows, args.seed)
    with tempfile.TemporaryDirectory(prefix="staffing-bench-") as work:
        work = Path(work)
        forecast_csv = work / "forecast.csv"
        write_csv(forecast, forecast_csv)
        if args.keep_csv:
            shutil.copyfile(forecast_csv, args.keep_csv)

        ours = theirs = None
        if args.only != "pyworkforce":
            if not args.binary.exists():
                sys.exit(f"{args.binary} not found (build it with `swift build -c release`, or pass --binary, "
                         f"or --only pyworkforce)")
            ours = run_ours(args.binary, forecast_csv, args.repeat)
        if args.only != "ours":
            venv = Path(os.environ["STAFFING_BENCH_VENV"]) if os.environ.get("STAFFING_BENCH_VENV") else work / "venv"
            theirs = run_pyworkforce(venv_python(venv), forecast_csv, args.repeat)
        report(forecast, ours, theirs, args.max_list)


if __name__ == "__main__":
    main()
