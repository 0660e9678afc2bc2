"""Issue 14: numbers, durations, dates and counts too large (or too strange) for their type,
given to the command line and its files. Each is refused with `error: …` naming the field and
exit status 1 — never a trap, which Python would see as a negative return code (the signal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import clean_environment, run_cli, running_server, sqlite_url


@pytest.fixture
def cli(switchboard_cli):
    return switchboard_cli


def refused(result, field: str) -> None:
    assert result.returncode == 1, f"exit status {result.returncode} (negative: killed by that signal)\n{result.stderr}"
    assert f"(field: {field})" in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("args", "field"),
    [
        # Printed as whole seconds, a threshold of 1e19 s trapped `switchboard staffing`.
        (["--calls", "100", "--aht", "180s", "--asa", "30s", "--threshold", "1e19"], "threshold"),
        (["--calls", "100", "--aht", "180s", "--abandonment", "5%", "--patience", "2m", "--threshold", "9223372036854775808"], "threshold"),
        (["--calls", "100", "--aht", "180s", "--asa", "30s", "--threshold", "1e300", "--json"], "threshold"),
        (["--calls", "1e19", "--aht", "180s", "--target", "80/20"], "calls"),
        (["--calls=-1e19", "--aht", "180s", "--target", "80/20"], "calls"),
        (["--calls", "nan", "--aht", "180s", "--target", "80/20"], "calls"),
        (["--calls", "inf", "--aht", "180s", "--target", "80/20"], "calls"),
        (["--calls", "100", "--aht", "1e19", "--target", "80/20"], "aht"),
        (["--calls", "100", "--aht", "9" * 400 + "h", "--target", "80/20"], "aht"),
        (["--calls", "100", "--aht", "180s", "--interval", "99999999999999999999d", "--target", "80/20"], "interval"),
        (["--calls", "100", "--aht", "180s", "--target", "80/9223372036854775808"], "target"),
        (["--calls", "100", "--aht", "180s", "--target", "1e19/20"], "target"),
        (["--calls", "100", "--aht", "180s", "--target", "80/20", "--shrinkage=-1e19%"], "shrinkage"),
        (["--calls", "100", "--aht", "180s", "--target", "80/20", "--max-occupancy", "1e308%"], "maxOccupancy"),
    ],
)
def test_staffing_refuses_extreme_figures_naming_the_field(cli, args, field):
    refused(cli("staffing", *args), field)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("08:00,99999999999999999999,180", "line 2.calls"),
        ("08:00,1e308,180", "line 2.calls"),
        ("08:00,-9223372036854775809,180", "line 2.calls"),
        ("08:00,NaN,180", "line 2.calls"),
        ("08:00,100,Infinity", "line 2.aht"),
        ("08:00,100,1e19", "line 2.aht"),
    ],
)
def test_a_forecast_row_with_an_extreme_number_is_named_by_its_line(cli, tmp_path, row, field):
    forecast = tmp_path / "extreme.csv"
    forecast.write_text(f"start,calls,aht\n{row}\n")
    refused(cli("staffing", "--forecast", str(forecast), "--target", "80/20"), field)


QUICK = ["--calls-per-minute", "1", "--aht", "5m"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--agents", "9223372036854775807", *QUICK], "agents[0].count"),
        (["--agents=-9223372036854775808", *QUICK], "agents"),
        (["--agents", "5", "--calls-per-minute", "1e308", "--aht", "5m"], "queues[0].arrivals"),
        (["--agents", "5", "--calls-per-minute", "nan", "--aht", "5m"], "callsPerMinute"),
        (["--agents", "5", "--calls-per-minute", "1", "--aht", "1e19"], "queues[0].handleTime.meanSeconds"),
        (["--agents", "5", *QUICK, "--patience", "1e19"], "queues[0].patience.meanSeconds"),
        (["--agents", "5", *QUICK, "--duration", "99999999999999999999d"], "durationMinutes"),
        (["--agents", "5", *QUICK, "--threshold", "1e19"], "thresholdSeconds"),
        (["--agents", "5", *QUICK, "--warm-up", "1e19"], "warmUpMinutes"),
        (["--agents", "5", *QUICK, "--replications", "9223372036854775807"], "replications"),
        (["--agents", "5", *QUICK, "--replications=-9223372036854775808"], "replications"),
    ],
)
def test_simulate_refuses_extreme_figures_naming_the_field(cli, args, field):
    refused(cli("simulate", *args), field)


QUEUE = {"name": "Q", "arrivals": {"callsPerHour": 10}, "handleTime": {"distribution": "exponential", "meanSeconds": 60}}


@pytest.mark.parametrize(
    ("scenario", "field"),
    [
        # Agent groups whose counts add up past Int.max: the sum used to overflow and trap.
        ({"durationMinutes": 60, "queues": [QUEUE], "agents": [{"count": 1}, {"count": 9223372036854775807}]}, "agents[1].count"),
        ({"durationMinutes": 60, "queues": [QUEUE], "agents": [{"count": 200000}, {"count": 9223372036854775807}]}, "agents[1].count"),
        ({"durationMinutes": 60, "queues": [QUEUE], "agents": [{"count": 9223372036854775808}]}, "scenario"),
        ({"durationMinutes": 1e308, "queues": [QUEUE], "agents": []}, "durationMinutes"),
        ({"durationMinutes": 60, "intervalMinutes": -1e19, "queues": [QUEUE], "agents": []}, "intervalMinutes"),
        ({"durationMinutes": 60, "queues": [{**QUEUE, "wrapUpSeconds": 1e19}], "agents": []}, "queues[0].wrapUpSeconds"),
        ({"durationMinutes": 60, "queues": [{**QUEUE, "overflow": [{"afterSeconds": 1e19, "action": "end"}]}], "agents": []},
         "queues[0].overflow[0].afterSeconds"),
        ({"durationMinutes": 60, "queues": [QUEUE], "agents": [{"count": 1, "shift": {"start": "99999999999999999999:00", "end": "08:00"}}]},
         "agents[0].shift.start"),
    ],
)
def test_a_scenario_file_with_extreme_figures_is_refused_naming_the_field(cli, tmp_path, scenario, field):
    path = tmp_path / "extreme.json"
    path.write_text(json.dumps(scenario))
    refused(cli("simulate", str(path), "--replications", "1"), field)


@pytest.fixture(scope="module")
def demo_database(binary: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database the demo seeded (queues, agents), with the server stopped again."""
    data = tmp_path_factory.mktemp("extreme-demo")
    with running_server(binary, "demo", "--data-dir", str(data), log_dir=data / "logs"):
        pass
    return sqlite_url(data / "switchboard.sqlite")


@pytest.mark.parametrize(
    "date",
    [
        # A day past the year 292 million made the replay's first moment trap in Int64(…).
        "1000000000-01-01", "292277026596-12-04", "99999999999999999999-01-01", "9223372036854775807-12-31",
        "-5-01-01", "0000-01-01", "2026-02-30", "2026-13-01", "2026-1-5",
    ],
)
def test_a_replay_of_a_day_that_is_no_date_is_refused(cli, demo_database, date):
    refused(cli("simulate", "--from-database", f"--date={date}", "--database", demo_database), "date")


@pytest.mark.parametrize(
    "period", ["99999999999999999999", "9223372036854775807", "-9223372036854775808", "999999999", "2026-W99999999999999999999", "NaN", "1e308"]
)
def test_report_refuses_a_period_past_the_calendar(cli, tmp_path, period):
    refused(cli("report", f"--period={period}", "--database", sqlite_url(tmp_path / "report.sqlite")), "period")


@pytest.mark.parametrize("rate", ["1e19", "-1e19", "9223372036854775808", "1e308", "nan", "inf"])
def test_demo_refuses_a_call_rate_past_its_range(cli, tmp_path, rate):
    refused(cli("demo", f"--calls-per-hour={rate}", "--data-dir", str(tmp_path / "demo"), "--http", "127.0.0.1:0"), "callsPerHour")


@pytest.mark.parametrize(("rate", "field"), [("1e19", "callsPerHour"), ("-1e19", "SWITCHBOARD_DEMO_CALLS_PER_HOUR"), ("NaN", "SWITCHBOARD_DEMO_CALLS_PER_HOUR")])
def test_demo_refuses_a_call_rate_from_the_environment_past_its_range(binary, tmp_path, rate, field):
    env = clean_environment(SWITCHBOARD_DEMO_CALLS_PER_HOUR=rate)
    refused(run_cli(binary, "demo", "--data-dir", str(tmp_path / "demo"), "--http", "127.0.0.1:0", cwd=tmp_path, env=env), field)
