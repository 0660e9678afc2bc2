#!/usr/bin/env python3
"""Report speed at scale: a year of calls seeded straight into the database, then
`switchboard report` for a month and for the whole year, by agent.

    python3 Benchmarks/Reports/report_benchmark.py [--binary .build/release/switchboard]
        [--sqlite-calls 1000000] [--postgres-calls 10000000] [--postgres-url URL] [--repeat 3]
        [--only sqlite|postgres] [--keep DIR]

Seeding (not timed as part of the report): 200 agents in 10 teams and 10 queues, then N calls
spread evenly over 2025 with a queue visit each (85 % answered after 0–59 s and talked 30–629 s,
15 % abandoned), and for every answered call two agent-state intervals (talking, then 30 s of
wrap-up). PostgreSQL is seeded with generate_series on the server; SQLite from Python. Both go
through `switchboard migrate` first, so the schema (and its indexes) is the product's own.

Then, timed by the binary itself (`--timing`: reading and computing the report in-process, not
the process start): the first report, which builds the 15-minute aggregates for the whole year
from the records; and the month report (2025-06 by agent) and the year report (2025 by agent),
best of --repeat, which read only the aggregates. Targets: month < 500 ms, year < 2 s.
Also checks that the year's offered total equals the seeded number of calls.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
YEAR_START_MS = 1_735_689_600_000  # 2025-01-01T00:00:00Z
YEAR_MS = 365 * 86_400_000
AGENTS, TEAMS, QUEUES = 200, 10, 10


def run(binary: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(binary), *args], capture_output=True, text=True, env={**os.environ, "TZ": "UTC", **(env or {})})
    if result.returncode != 0:
        sys.exit(f"{binary.name} {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def organisation_sql() -> list[str]:
    statements = []
    for team in range(1, TEAMS + 1):
        statements.append(f"INSERT INTO teams (id, name, created_at_ms, updated_at_ms) VALUES ({team}, 'Team {team}', 0, 0)")
    for agent in range(1, AGENTS + 1):
        statements.append(
            f"INSERT INTO users (id, username, display_name, language, password_hash, created_at_ms, updated_at_ms) "
            f"VALUES ({agent}, 'bench{agent:03d}', 'Agent {agent:03d}', 'en', 'x', 0, 0)")
        statements.append(
            f"INSERT INTO agents (id, user_id, team_id, created_at_ms, updated_at_ms) VALUES ({agent}, {agent}, {(agent - 1) % TEAMS + 1}, 0, 0)")
    for queue in range(1, QUEUES + 1):
        statements.append(
            "INSERT INTO queues (id, name, extension, priority, service_level_percent, service_level_seconds, max_waiting_calls, wrap_up_seconds, "
            "strategy, weight, ring_timeout_seconds, missed_call_not_ready, overflow, escalation, time_zone, weekly_hours, holidays, "
            f"created_at_ms, updated_at_ms) VALUES ({queue}, 'Queue {queue}', '{700 + queue}', 5, 80, 20, 50, 30, 'longestIdle', 1, 20, 1, '[]', 0, "
            "'UTC', '{}', '[]', 0, 0)")
    return statements


def seed_sqlite(path: Path, calls: int) -> float:
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    for statement in organisation_sql():
        db.execute(statement)
    step = YEAR_MS / calls
    batch_calls, batch_visits, batch_states = [], [], []

    def flush():
        db.executemany("INSERT INTO calls (id, first_queue_id, last_queue_id, from_number, priority, arrived_at_ms, answered_at_ms, agent_id, "
                       "ended_at_ms, outcome, hold_count, hold_ms, transfers, escalated) VALUES (?,?,?,?,0,?,?,?,?,?,?,?,0,0)", batch_calls)
        db.executemany("INSERT INTO queue_visits (call_id, queue_id, entered_at_ms, answered_at_ms, agent_id, left_at_ms, outcome) "
                       "VALUES (?,?,?,?,?,?,?)", batch_visits)
        db.executemany("INSERT INTO agent_states (agent_id, state, reason, call_id, started_at_ms, ended_at_ms) VALUES (?,?,NULL,?,?,?)", batch_states)
        batch_calls.clear(); batch_visits.clear(); batch_states.clear()

    for i in range(calls):
        call = i + 1
        arrived = YEAR_START_MS + int(i * step)
        queue = i % QUEUES + 1
        wait = (i * 7) % 60 * 1000
        if i % 20 < 17:
            agent = (i * 7919) % AGENTS + 1
            answered = arrived + wait
            ended = answered + 30_000 + (i * 13) % 600 * 1000
            holds = 1 if i % 5 == 0 else 0
            batch_calls.append((call, queue, queue, "+31200000000", arrived, answered, agent, ended, "completed", holds, holds * 15_000))
            batch_visits.append((call, queue, arrived, answered, agent, ended, "completed"))
            batch_states.append((agent, "talking", call, answered, ended))
            batch_states.append((agent, "wrapUp", call, ended, ended + 30_000))
        else:
            ended = arrived + wait
            batch_calls.append((call, queue, queue, "+31200000000", arrived, None, None, ended, "abandonedInQueue", 0, 0))
            batch_visits.append((call, queue, arrived, None, None, ended, "abandoned"))
        if len(batch_calls) >= 50_000:
            flush()
    flush()
    db.commit()
    db.close()
    return time.perf_counter() - started


def psql(url: str, sql: str) -> None:
    result = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"psql failed: {result.stderr}")


def seed_postgres(url: str, calls: int) -> float:
    started = time.perf_counter()
    for statement in organisation_sql():
        psql(url, statement)
    psql(url, "SELECT setval(pg_get_serial_sequence('calls', 'id'), 1, false)")
    step = YEAR_MS / calls
    # One statement per table, all on the server; the same formulas as the SQLite seeding.
    chunk = 2_000_000
    for first in range(0, calls, chunk):
        last = min(calls, first + chunk) - 1
        series = f"generate_series({first}, {last}) AS i"
        arrived = f"({YEAR_START_MS}::bigint + floor(i * {step})::bigint)"
        answered = "(i % 20 < 17)"
        wait = "((i * 7) % 60 * 1000)::bigint"
        agent = f"((i::bigint * 7919) % {AGENTS} + 1)"
        ended_answered = f"({arrived} + {wait} + 30000 + ((i::bigint * 13) % 600) * 1000)"
        psql(url, f"""
            INSERT INTO calls (id, first_queue_id, last_queue_id, from_number, priority, arrived_at_ms, answered_at_ms, agent_id, ended_at_ms, outcome,
                hold_count, hold_ms, transfers, escalated)
            SELECT i + 1, i % {QUEUES} + 1, i % {QUEUES} + 1, '+31200000000', 0, {arrived},
                CASE WHEN {answered} THEN {arrived} + {wait} END, CASE WHEN {answered} THEN {agent} END,
                CASE WHEN {answered} THEN {ended_answered} ELSE {arrived} + {wait} END,
                CASE WHEN {answered} THEN 'completed' ELSE 'abandonedInQueue' END,
                CASE WHEN {answered} AND i % 5 = 0 THEN 1 ELSE 0 END, CASE WHEN {answered} AND i % 5 = 0 THEN 15000 ELSE 0 END, 0, 0
            FROM {series}""")
        psql(url, f"""
            INSERT INTO queue_visits (call_id, queue_id, entered_at_ms, answered_at_ms, agent_id, left_at_ms, outcome)
            SELECT i + 1, i % {QUEUES} + 1, {arrived}, CASE WHEN {answered} THEN {arrived} + {wait} END, CASE WHEN {answered} THEN {agent} END,
                CASE WHEN {answered} THEN {ended_answered} ELSE {arrived} + {wait} END, CASE WHEN {answered} THEN 'completed' ELSE 'abandoned' END
            FROM {series}""")
        psql(url, f"""
            INSERT INTO agent_states (agent_id, state, call_id, started_at_ms, ended_at_ms)
            SELECT {agent}, 'talking', i + 1, {arrived} + {wait}, {ended_answered} FROM {series} WHERE {answered}
            UNION ALL
            SELECT {agent}, 'wrapUp', i + 1, {ended_answered}, {ended_answered} + 30000 FROM {series} WHERE {answered}""")
        print(f"  postgres: seeded calls {first + 1:,}–{last + 1:,}", flush=True)
    psql(url, "ANALYZE")
    return time.perf_counter() - started


def report_ms(binary: Path, database: str, period: str) -> tuple[float, str]:
    result = run(binary, "report", "--period", period, "--by", "agent", "--format", "csv", "--timing", "--database", database)
    match = re.search(r"in (\d+) ms", result.stderr)
    if not match:
        sys.exit(f"no timing in: {result.stderr}")
    return float(match.group(1)), result.stdout


def offered_total(csv_text: str) -> int:
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    return int(rows[-1]["offered"])


def measure(name: str, binary: Path, database: str, calls: int, repeat: int) -> None:
    first, year_csv = report_ms(binary, database, "2025")
    total = offered_total(year_csv)
    months = [report_ms(binary, database, "2025-06")[0] for _ in range(repeat)]
    years = [report_ms(binary, database, "2025")[0] for _ in range(repeat)]
    month, year = min(months), min(years)
    print(f"{name}: {calls:,} calls; first report (builds the year's aggregates) {first / 1000:.1f} s; "
          f"month by agent {month:.0f} ms (target < 500: {'met' if month < 500 else 'NOT met'}); "
          f"year by agent {year:.0f} ms (target < 2000: {'met' if year < 2000 else 'NOT met'}); "
          f"year total offered {total:,} ({'equals' if total == calls else 'DIFFERS from'} the calls seeded)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", type=Path, default=REPOSITORY / ".build" / "release" / "switchboard")
    parser.add_argument("--sqlite-calls", type=int, default=1_000_000)
    parser.add_argument("--postgres-calls", type=int, default=10_000_000)
    parser.add_argument("--postgres-url", default=os.environ.get("SWITCHBOARD_BENCH_POSTGRES_URL"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--keep", type=Path, help="keep the SQLite file in this directory")
    args = parser.parse_args()
    if not args.binary.exists():
        sys.exit(f"build it first: swift build -c release --product switchboard (missing {args.binary})")

    if args.only != "postgres":
        directory = args.keep or Path(tempfile.mkdtemp(prefix="report-bench-"))
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "bench.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        database = f"sqlite://{path}"
        run(args.binary, "migrate", "--database", database)
        seconds = seed_sqlite(path, args.sqlite_calls)
        print(f"sqlite: seeded {args.sqlite_calls:,} calls in {seconds:.0f} s", flush=True)
        measure("SQLite", args.binary, database, args.sqlite_calls, args.repeat)
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)

    if args.only != "sqlite":
        if not args.postgres_url:
            print("postgres: skipped (give --postgres-url or SWITCHBOARD_BENCH_POSTGRES_URL; the database is emptied first)")
            return
        psql(args.postgres_url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        run(args.binary, "migrate", "--database", args.postgres_url)
        seconds = seed_postgres(args.postgres_url, args.postgres_calls)
        print(f"postgres: seeded {args.postgres_calls:,} calls in {seconds:.0f} s", flush=True)
        measure("PostgreSQL", args.binary, args.postgres_url, args.postgres_calls, args.repeat)


if __name__ == "__main__":
    main()
