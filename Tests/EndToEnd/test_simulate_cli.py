"""`switchboard simulate`: the single-queue form, scenario files, and a day of the real center
replayed against its organisation ("what if 5 agents call in sick?")."""

from __future__ import annotations

import datetime
import json
import time
import zoneinfo
from pathlib import Path

import pytest

from conftest import clean_environment, http, running_server, sign_in_api, sqlite_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(switchboard_cli):
    return switchboard_cli


def test_the_single_queue_form_prints_figures_with_intervals_and_the_same_seed_repeats(cli):
    args = ["simulate", "--agents", "12", "--calls-per-minute", "2", "--aht", "5m", "--patience", "2m", "--duration", "4h",
            "--replications", "8", "--seed", "3", "--json"]
    first = cli(*args)
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert result["replications"] == 8
    total = result["total"]
    assert 400 < total["offered"]["mean"] < 560
    sl = total["serviceLevel"]["countedAgainst"]
    assert sl["low"] <= sl["mean"] <= sl["high"]
    assert len(result["intervals"]) == 8
    again = json.loads(cli(*args).stdout)
    again.pop("elapsedSeconds"), result.pop("elapsedSeconds")
    assert again == result
    table = cli(*args[:-1])
    assert "SL, abandons against" in table.stdout and "INTERVAL" in table.stdout


def test_the_example_scenarios_run(cli):
    for example in ["simulation-single-queue.json", "simulation-two-queues.json"]:
        result = cli("simulate", str(ROOT / "examples" / example), "--replications", "3", "--json")
        assert result.returncode == 0, result.stderr
        output = json.loads(result.stdout)
        assert output["total"]["offered"]["mean"] > 0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--agents", "5", "--calls-per-minute", "1"], "aht"),
        (["--agents", "5", "--calls-per-minute", "1", "--aht", "0"], "aht"),
        (["--agents", "5", "--calls-per-minute", "1", "--aht", "5m", "--replications", "0"], "replications"),
        (["--agents", "5", "--calls-per-minute", "1", "--aht", "5m", "--duration", "soon"], "duration"),
        (["missing.json"], "scenario"),
        (["--from-database"], "date"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(cli, args, field):
    result = cli("simulate", *args)
    assert result.returncode != 0
    assert f"(field: {field})" in result.stderr, result.stderr


def test_a_bad_scenario_file_names_what_is_wrong(cli, tmp_path):
    scenario = tmp_path / "bad.json"
    scenario.write_text(json.dumps({"durationMinutes": 60, "queues": [{"name": "Q", "arrivals": {"callsPerHour": 10},
                                                                         "handleTime": {"distribution": "gamma", "meanSeconds": 3}}], "agents": []}))
    result = cli("simulate", str(scenario))
    assert result.returncode == 1
    assert "gamma" in result.stderr


def test_a_day_of_the_real_center_is_replayed_and_absent_agents_are_left_out(binary: Path, tmp_path: Path, cli):
    data = tmp_path / "data"
    env = clean_environment(SWITCHBOARD_DEMO_CALLS_PER_HOUR="7200")
    with running_server(binary, "demo", "--data-dir", str(data), log_dir=tmp_path / "logs", env=env) as server:
        supervisor = sign_in_api(server, "supervisor", "demo")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            queues = http("GET", server.url("/api/v1/realtime/queues"), token=supervisor).json()
            if sum(q["today"]["offered"] for q in queues) >= 10:
                break
            time.sleep(0.5)
    database = sqlite_url(data / "switchboard.sqlite")
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Amsterdam")).date().isoformat()
    scenario = tmp_path / "day.json"
    full = cli("simulate", "--from-database", "--date", today, "--database", database, "--replications", "3", "--json",
               "--save-scenario", str(scenario))
    assert full.returncode == 0, full.stderr
    result = json.loads(full.stdout)
    assert result["total"]["offered"]["mean"] > 0
    saved = json.loads(scenario.read_text())
    working = sum(group["count"] for group in saved["agents"])
    assert working > 5
    assert sum(sum(q["arrivals"]["callsPerInterval"]) for q in saved["queues"]) >= 10
    sick = cli("simulate", "--from-database", "--date", today, "--absent", "5", "--database", database, "--replications", "3",
               "--save-scenario", str(scenario))
    assert sick.returncode == 0, sick.stderr
    assert f"({working - 5} agents, 5 absent)" in sick.stdout
    assert sum(group["count"] for group in json.loads(scenario.read_text())["agents"]) == working - 5
    # The saved scenario runs again as a file.
    again = cli("simulate", str(scenario), "--replications", "2", "--json")
    assert again.returncode == 0, again.stderr
    nothing = cli("simulate", "--from-database", "--date", "2001-01-01", "--database", database)
    assert nothing.returncode == 1 and "(field: date)" in nothing.stderr
