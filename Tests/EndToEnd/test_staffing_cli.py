"""`switchboard staffing`: the workforce planner's one command for "how many agents do I need?"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest




@pytest.fixture
def cli(switchboard_cli):
    return switchboard_cli


def test_one_interval_prints_agents_positions_and_the_figures(cli):
    result = cli("staffing", "--calls", "100", "--interval", "30m", "--aht", "180s", "--target", "80/20", "--shrinkage", "30%")
    assert result.returncode == 0, result.stderr
    lines = {line.split("  ")[0]: line for line in result.stdout.splitlines()}
    assert lines["Agents (raw)"].split()[-1] == "14"
    assert "20" in lines["Positions"]
    assert "88.8 %" in lines["Service level"]
    assert "17.4 %" in lines["P(wait)"]


def test_json_gives_the_exact_erlang_c_figures(cli):
    result = cli("staffing", "--calls", "100", "--interval", "30m", "--aht", "3m", "--target", "80/20", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["agents"] == 14
    assert abs(answer["serviceLevel"] - 0.8883500) < 1e-7
    assert abs(answer["probabilityOfWaiting"] - 0.1741319) < 1e-7
    assert answer["abandonment"] is None


def test_with_patience_callers_give_up_and_an_abandonment_target_can_be_met(cli):
    result = cli("staffing", "--calls", "600", "--interval", "1h", "--aht", "5m", "--patience", "2m", "--abandonment", "5%", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["abandonment"] <= 0.05
    fewer = cli("staffing", "--calls", "600", "--interval", "1h", "--aht", "5m", "--patience", "2m", "--asa", "1h", "--json")
    assert json.loads(fewer.stdout)["agents"] < answer["agents"]


def test_a_forecast_file_is_answered_per_interval(cli, tmp_path):
    forecast = tmp_path / "tomorrow.csv"
    forecast.write_text("start,calls,aht\n2026-11-28T08:00,100,180\n2026-11-28T08:30,250,200\n2026-11-28T09:00,0,180\n")
    result = cli("staffing", "--forecast", str(forecast), "--interval", "30m", "--target", "80/20", "--json")
    assert result.returncode == 0, result.stderr
    intervals = json.loads(result.stdout)["intervals"]
    assert [row["start"] for row in intervals] == ["2026-11-28T08:00", "2026-11-28T08:30", "2026-11-28T09:00"]
    assert intervals[0]["agents"] == 14
    assert intervals[1]["agents"] > 14
    assert intervals[2]["agents"] == 0
    table = cli("staffing", "--forecast", str(forecast), "--target", "80/20")
    assert table.returncode == 0, table.stderr
    assert "2026-11-28T08:30" in table.stdout and "Peak:" in table.stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--calls=-5", "--aht", "180s", "--target", "80/20"], "calls"),
        (["--calls", "5", "--aht", "0", "--target", "80/20"], "aht"),
        (["--calls", "5", "--aht", "180s", "--target", "100/20"], "target"),
        (["--calls", "5", "--aht", "180s", "--target", "80/20", "--shrinkage", "120%"], "shrinkage"),
        (["--calls", "5", "--aht", "3 minutes", "--target", "80/20"], "aht"),
        (["--calls", "5", "--aht", "180s"], "target"),
        (["--calls", "5", "--aht", "180s", "--abandonment", "5%"], "patience"),
        (["--forecast", "missing.csv", "--target", "80/20"], "forecast"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_a_non_zero_exit(cli, args, field):
    result = cli("staffing", *args)
    assert result.returncode != 0
    assert f"(field: {field})" in result.stderr, result.stderr


def test_a_bad_forecast_row_is_named_by_its_line(cli, tmp_path):
    forecast = tmp_path / "bad.csv"
    forecast.write_text("start,calls,aht\n08:00,100,180\n08:30,lots,180\n")
    result = cli("staffing", "--forecast", str(forecast), "--target", "80/20")
    assert result.returncode == 1
    assert "Line 3" in result.stderr
