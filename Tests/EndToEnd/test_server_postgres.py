"""`switchboard serve` on PostgreSQL: console-created users sign in, the API validates input,
and data survives a graceful restart.

Needs SWITCHBOARD_TEST_POSTGRES_URL, e.g.
postgres://switchboard:switchboard@127.0.0.1:55432/switchboard. Without it these tests are
skipped, unless SWITCHBOARD_REQUIRE_POSTGRES=1 (as in CI), which turns the skip into a failure.
Each test works in a schema of its own (selected with ?search_path=) that is dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.parse
import uuid
from pathlib import Path

import pytest

from conftest import SHUTDOWN_TIMEOUT, http, run_cli, sign_in_api

ADMIN_PASSWORD = "e2e-admin-pass"


def postgres_url() -> str:
    url = os.environ.get("SWITCHBOARD_TEST_POSTGRES_URL", "").strip()
    if not url:
        reason = (
            "SWITCHBOARD_TEST_POSTGRES_URL is not set; set it to a PostgreSQL URL such as "
            "postgres://switchboard:switchboard@127.0.0.1:55432/switchboard to run the PostgreSQL end-to-end tests"
        )
        if os.environ.get("SWITCHBOARD_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"SWITCHBOARD_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return url


def with_search_path(url: str, schema: str) -> str:
    """The URL with ?search_path=SCHEMA added (keeping any other query parameters)."""
    parts = urllib.parse.urlsplit(url)
    query = [(key, value) for key, value in urllib.parse.parse_qsl(parts.query) if key != "search_path"]
    query.append(("search_path", schema))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def psql(url: str, statement: str) -> None:
    # psql understands only libpq's own query parameters, so it gets the URL without them.
    base = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(query=""))
    result = subprocess.run(
        ["psql", base, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, f"psql {statement!r} failed:\n{result.stderr}"


@pytest.fixture
def database() -> str:
    """The URL of a fresh, empty schema of the test database; the schema is dropped afterwards."""
    url = postgres_url()
    if shutil.which("psql") is None:
        pytest.fail("psql is needed to create a schema for the PostgreSQL end-to-end tests", pytrace=False)
    schema = "s_e2e_" + uuid.uuid4().hex[:12]
    psql(url, f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(url, schema)
    finally:
        psql(url, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def admin(binary: Path, database: str, tmp_path: Path) -> str:
    """An administrator created from the console (which also migrates the schema); its username."""
    result = run_cli(
        binary,
        "user", "add", "--username", "e2e-admin", "--display-name", "E2E Admin", "--role", "admin", "--database", database,
        stdin=ADMIN_PASSWORD + "\n", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return "e2e-admin"


def team_names(server, token: str) -> list[str]:
    result = http("GET", server.url("/api/v1/teams"), token=token)
    assert result.status == 200, result.text
    return sorted(team["name"] for team in result.json())


def test_serve_reports_healthy_and_a_console_created_admin_signs_in(start_server, database, admin):
    with start_server("serve", "--database", database) as server:
        health = http("GET", server.url("/healthz"))
        assert health.status == 200
        assert health.json() == {"status": "ok", "database": "ok", "commands": "ok"}

        signed_in = http("POST", server.url("/api/v1/sessions"), {"username": admin, "password": ADMIN_PASSWORD})

        assert signed_in.status == 201, signed_in.text
        body = signed_in.json()
        assert body["token"]
        assert body["user"]["username"] == admin
        assert body["user"]["roles"] == ["admin"]
        cookies = signed_in.header_values("Set-Cookie")
        session_cookie = next(cookie for cookie in cookies if cookie.startswith("switchboard_session="))
        for attribute in ["HttpOnly", "Secure", "SameSite=Strict"]:
            assert attribute in session_cookie, session_cookie


def test_a_wrong_password_is_refused(start_server, database, admin):
    with start_server("serve", "--database", database) as server:
        result = http("POST", server.url("/api/v1/sessions"), {"username": admin, "password": "not-the-password"})

        assert result.status == 401, result.text
        assert "token" not in result.json()


def test_an_admin_creates_a_team_and_invalid_input_is_refused_with_422_without_changing_anything(start_server, database, admin):
    with start_server("serve", "--database", database) as server:
        token = sign_in_api(server, admin, ADMIN_PASSWORD)

        created = http("POST", server.url("/api/v1/teams"), {"name": "Team E2E"}, token=token)
        assert created.status == 201, created.text
        assert created.json()["name"] == "Team E2E"
        assert team_names(server, token) == ["Team E2E"]

        refused = http("POST", server.url("/api/v1/teams"), {"name": ""}, token=token)

        assert refused.status == 422, refused.text
        error = refused.json()["error"]
        assert error["field"] == "name"
        assert error["code"] and error["message"]
        assert team_names(server, token) == ["Team E2E"]


def test_the_api_refuses_requests_without_a_token(start_server, database, admin):
    with start_server("serve", "--database", database) as server:
        result = http("GET", server.url("/api/v1/teams"))

        assert result.status == 401, result.text
        assert "error" in result.json()


def test_serve_stops_gracefully_on_sigterm_and_keeps_its_data_across_a_restart(start_server, database, admin):
    with start_server("serve", "--database", database) as server:
        token = sign_in_api(server, admin, ADMIN_PASSWORD)
        created = http("POST", server.url("/api/v1/teams"), {"name": "Team Persistent"}, token=token)
        assert created.status == 201, created.text

        try:
            status = server.stop(timeout=SHUTDOWN_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"serve did not exit within {SHUTDOWN_TIMEOUT:.0f} s of SIGTERM\n{server.output()}")
        assert status == 0, f"serve exited with status {status} after SIGTERM\n{server.output()}"

    with start_server("serve", "--database", database) as server:
        token = sign_in_api(server, admin, ADMIN_PASSWORD)

        assert team_names(server, token) == ["Team Persistent"]
        users = http("GET", server.url("/api/v1/users"), token=token)
        assert users.status == 200, users.text
        assert [user["username"] for user in users.json()] == [admin]
