"""The `switchboard` command line: help, migrations and user administration from the console.

Every test works on its own sqlite database in a temporary directory, which is also the
working directory of each command (so nothing is ever written into the repository).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import clean_environment, run_cli, sqlite_url

ALL_ROLES = ["agent", "teamLeader", "supervisor", "qa", "workforce", "recruiter", "admin"]


@pytest.fixture
def cli(binary: Path, tmp_path: Path):
    """Runs `switchboard ARGS…` with tmp_path as working directory."""

    def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
        return run_cli(binary, *args, stdin=stdin, cwd=tmp_path, env=env)

    return run


@pytest.fixture
def database(tmp_path: Path) -> str:
    """The URL of a not yet existing sqlite database in tmp_path."""
    return sqlite_url(tmp_path / "switchboard.sqlite")


def error_line(stderr: str) -> str:
    """The `error: …` line a failed command prints on standard error."""
    lines = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert lines, f"expected an 'error: …' line on stderr, got:\n{stderr}"
    return lines[-1]


def users_in(cli, database: str) -> list[dict]:
    result = cli("user", "list", "--json", "--database", database)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def add_user(cli, database: str, username: str, password: str = "correct horse", *options: str):
    return cli("user", "add", "--username", username, *options, "--database", database, stdin=password + "\n")


# MARK: - Help


def test_root_help_names_every_subcommand_and_the_environment_variables(cli):
    result = cli("--help")

    assert result.returncode == 0, result.stderr
    for subcommand in ["serve", "demo", "migrate", "user"]:
        assert subcommand in result.stdout
    for variable in ["SWITCHBOARD_DATABASE_URL", "SWITCHBOARD_HTTP", "SWITCHBOARD_LOG_LEVEL"]:
        assert variable in result.stdout


@pytest.mark.parametrize(
    ("command", "mentions"),
    [
        (["serve"], ["--database", "--http"]),
        (["demo"], ["--data-dir", "--http"]),
        (["migrate"], ["--database", "--status"]),
        (["user"], ["add", "list"]),
        (["user", "add"], ["--username", "--display-name", "--language", "--role", "--database", "standard input"]),
        (["user", "list"], ["--json", "--database"]),
    ],
    ids=["serve", "demo", "migrate", "user", "user add", "user list"],
)
def test_each_subcommand_help_exits_0_and_describes_its_options(cli, command, mentions):
    result = cli(*command, "--help")

    assert result.returncode == 0, result.stderr
    assert f"USAGE: switchboard {' '.join(command)}" in result.stdout
    for mention in mentions:
        assert mention in result.stdout, f"`switchboard {' '.join(command)} --help` does not mention {mention}"


# MARK: - Migrations


def test_migrate_creates_the_schema_and_status_lists_every_version(cli, database, tmp_path):
    migrated = cli("migrate", "--database", database)

    assert migrated.returncode == 0, migrated.stderr
    assert "Applied migrations: " + ", ".join(str(v) for v in range(1, 12)) in migrated.stdout
    assert (tmp_path / "switchboard.sqlite").is_file()

    status = cli("migrate", "--status", "--database", database)

    assert status.returncode == 0, status.stderr
    versions = [line.split("\t")[0] for line in status.stdout.splitlines() if "\t" in line]
    assert versions == [str(v) for v in range(1, 12)], status.stdout


def test_migrate_twice_reports_the_schema_is_up_to_date(cli, database):
    assert cli("migrate", "--database", database).returncode == 0

    again = cli("migrate", "--database", database)

    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout


# MARK: - Adding and listing users


def test_user_add_reads_the_password_from_stdin_and_user_list_shows_the_user_with_its_roles(cli, database):
    added = add_user(
        cli, database, "jdoe", "s3cret-pass", "--display-name", "Jan Doe", "--language", "nl", "--role", "agent", "--role", "teamLeader"
    )

    assert added.returncode == 0, added.stderr
    assert "Created user jdoe" in added.stdout
    users = users_in(cli, database)
    assert len(users) == 1
    user = users[0]
    assert user["username"] == "jdoe"
    assert user["displayName"] == "Jan Doe"
    assert user["language"] == "nl"
    assert sorted(user["roles"]) == ["agent", "teamLeader"]
    assert user["active"] is True
    assert "password" not in json.dumps(user).lower()


def test_user_list_without_json_prints_a_table_with_the_user(cli, database):
    assert add_user(cli, database, "jdoe", "s3cret-pass", "--role", "admin").returncode == 0

    listed = cli("user", "list", "--database", database)

    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert "USERNAME" in header and "ROLES" in header
    assert any("jdoe" in row and "admin" in row for row in rows), listed.stdout


def test_the_database_url_can_come_from_the_environment(cli, database):
    env = clean_environment(SWITCHBOARD_DATABASE_URL=database)
    added = cli("user", "add", "--username", "envuser", "--role", "qa", stdin="s3cret-pass\n", env=env)
    assert added.returncode == 0, added.stderr

    assert [user["username"] for user in users_in(cli, database)] == ["envuser"]


def test_an_unknown_role_is_refused_naming_the_roles_field_and_the_valid_roles(cli, database):
    result = add_user(cli, database, "bob", "s3cret-pass", "--role", "agent", "--role", "wizard")

    assert result.returncode != 0
    message = error_line(result.stderr)
    assert "wizard" in message
    assert "(field: roles" in message
    for role in ALL_ROLES:
        assert role in message, f"the error does not list the valid role {role}: {message}"
    assert users_in(cli, database) == []


def test_a_password_shorter_than_8_characters_is_refused_on_the_password_field(cli, database):
    result = add_user(cli, database, "bob", "short", "--role", "agent")

    assert result.returncode != 0
    assert "(field: password)" in error_line(result.stderr)
    assert users_in(cli, database) == []


def test_user_add_without_a_password_on_stdin_is_refused(cli, database):
    result = cli("user", "add", "--username", "bob", "--role", "agent", "--database", database)  # empty stdin

    assert result.returncode != 0
    message = error_line(result.stderr)
    assert "(field: password)" in message
    assert "standard input" in message
    assert users_in(cli, database) == []


def test_a_taken_username_is_refused_and_the_first_user_is_unchanged(cli, database):
    first = add_user(cli, database, "jdoe", "s3cret-pass", "--display-name", "Jan Doe", "--language", "nl", "--role", "agent")
    assert first.returncode == 0, first.stderr
    before = users_in(cli, database)

    second = add_user(cli, database, "jdoe", "another-pass", "--display-name", "John Doe", "--language", "en", "--role", "admin")

    assert second.returncode != 0
    message = error_line(second.stderr)
    assert "jdoe" in message and "taken" in message
    assert "(field: username)" in message
    assert users_in(cli, database) == before


@pytest.mark.parametrize(
    "command",
    [["migrate"], ["migrate", "--status"], ["user", "list"]],
    ids=lambda command: " ".join(command),
)
def test_a_database_url_of_an_unsupported_kind_is_refused_with_a_clear_message(cli, command, tmp_path):
    result = cli(*command, "--database", "mysql://x")

    assert result.returncode != 0
    message = error_line(result.stderr)
    assert "mysql://x" in message
    assert "sqlite://" in message and "postgres://" in message, message
    assert "(field: database)" in message
    assert list(tmp_path.iterdir()) == [], "nothing may be created for a database URL that is not understood"
