"""The live wallboard and the reports in a real browser (headless Chromium) against `switchboard demo`.

One demo server (without live traffic, see conftest.clean_environment) serves this module. The
tests inject calls and change agents' states through the API, as the simulated telephony and a
supervisor would, and watch the pages follow. Every setting or agent state a test changes is put
back in `finally`, and each test uses its own queue or agent where it can:

- queue 800 (Klantenservice NL): the live waiting count and the alert;
- queue 801 (Customer Service EN) with agent27: the month's report and its CSV;
- agent32: the state set from the wallboard.

The last test starts its own demo server, to see it stop after a wallboard was open.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import threading
import time
import urllib.parse
import urllib.request

import pytest

from conftest import http, sign_in_api
from test_browser import browser, path_of, sign_in_successfully  # noqa: F401

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

WAIT_SECONDS = 10
#: How soon the wallboard must show a change on the floor (it rereads ~150 ms after an event).
LIVE_SECONDS = 2

QUEUE_800 = "Klantenservice NL"
QUEUE_801 = "Customer Service EN"

# The wallboard re-renders its tiles and rows (innerHTML) on every read: elements go stale.
TRANSIENT = (StaleElementReferenceException, WebDriverException)


# MARK: - The browser (the fixture and signing in come from test_browser)


def wait(driver, seconds: float = WAIT_SECONDS) -> WebDriverWait:
    return WebDriverWait(driver, seconds, poll_frequency=0.05, ignored_exceptions=TRANSIENT)


def session_cookie(driver) -> str:
    cookie = driver.get_cookie("switchboard_session")
    assert cookie is not None, "signing in set no session cookie"
    return f"switchboard_session={cookie['value']}"


def open_wallboard(driver, server, username: str, query: str = "") -> None:
    """Signs in, opens /wallboard and waits until the board has read the floor once."""
    sign_in_successfully(driver, server, username)
    driver.get(server.url("/wallboard" + query))
    wait(driver).until(lambda d: path_of(d) == "/wallboard")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#queues section.tile")), "the wallboard drew no queue tiles")
    # The first read also fills the agents, and the "updated" label says when it was.
    wait(driver).until(lambda d: d.find_element(By.ID, "updated").text.strip() != "")


def board_alerts(driver) -> list[tuple[str, str]]:
    """The alerts on the board as (kind, message), read in one script."""
    return [tuple(item) for item in driver.execute_script(
        "return [...document.querySelectorAll('#alerts li')].map(li => [li.dataset.kind, li.textContent])"
    )]


def wallboard_texts(driver) -> dict[str, str]:
    """The page's own words (in the user's language), from its setup block."""
    return json.loads(driver.find_element(By.ID, "wallboard-setup").get_attribute("textContent"))["texts"]


def tile_number(driver, queue_id: int, css_class: str) -> int | None:
    """A number on a queue's tile (None while the tile is not drawn), read in one script."""
    text = driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.textContent : null",
        f'#queues section.tile[data-queue="{queue_id}"] .{css_class}',
    )
    return None if text is None else int(text.strip())


def agent_rows(driver) -> dict[int, str]:
    """The agents table: agent id → the row's text. Read in one script: the board redraws the
    table every second, faster than reading row by row through WebDriver."""
    rows = driver.execute_script(
        "return [...document.querySelectorAll('#agents tbody tr[data-agent]')].map(r => [r.dataset.agent, r.textContent])"
    )
    return {int(agent): text for agent, text in rows}


def stable(read, attempts: int = 5):
    """Reads something off the re-rendering board, retrying when an element went stale."""
    for attempt in range(attempts):
        try:
            return read()
        except StaleElementReferenceException:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


# MARK: - The API side


def api(server, method: str, path: str, token: str, body=None, expect: int | tuple[int, ...] = 200):
    response = http(method, server.url("/api/v1" + path), body, token=token)
    expected = expect if isinstance(expect, tuple) else (expect,)
    assert response.status in expected, f"{method} {path} gave HTTP {response.status}: {response.text}"
    return response.json() if response.body else None


def queue_by_extension(server, token: str, extension: str) -> dict:
    queues = api(server, "GET", "/queues", token)
    matches = [queue for queue in queues if queue["extension"] == extension]
    assert len(matches) == 1, f"no single queue {extension} among {[q['extension'] for q in queues]}"
    return matches[0]


def agent_id_of(server, username: str) -> int:
    token = sign_in_api(server, username, "demo")
    agent = api(server, "GET", "/me", token)["agentId"]
    assert agent is not None, f"{username} has no agent record"
    return agent


def floor(server, token: str, query: str = "") -> dict:
    return api(server, "GET", "/realtime/wallboard" + query, token)


def inject_call(server, supervisor: str, extension: str, number: str) -> dict:
    return api(server, "POST", "/calls", supervisor, {"queue": extension, "from": number}, expect=201)


def hang_up_as_caller(server, supervisor: str, call: int) -> None:
    api(server, "POST", f"/calls/{call}/hangup", supervisor, {"by": "caller"})


def call_record(server, supervisor: str, call: int) -> dict:
    return api(server, "GET", f"/calls/{call}", supervisor)


def agent_state(server, supervisor: str, agent: int) -> dict:
    return api(server, "GET", f"/agents/{agent}/state", supervisor)


def set_state(server, token: str, agent: int, state: str, because: str = "end-to-end test", reason: str | None = None) -> dict:
    body = {"state": state, "because": because}
    if reason is not None:
        body["reason"] = reason
    return api(server, "POST", f"/agents/{agent}/state", token, body)


def restore_state(server, supervisor: str, agent: int, before: dict) -> None:
    """Puts an agent back in the state they had (available, not ready with its reason, or logged out)."""
    state = before["state"]
    now = agent_state(server, supervisor, agent)
    if (now["state"], now.get("reason")) == (state, before.get("reason")):
        return
    if state in ("available", "notReady", "loggedOut"):
        set_state(server, supervisor, agent, state, "end-to-end test: restoring", before.get("reason") if state == "notReady" else None)


def park_agents_serving(server, supervisor: str, queue_id: int, keep: tuple[int, ...] = ()) -> list[int]:
    """Makes sure no agent (but those in `keep`) can take a call in the queue: whoever is
    available or about to be (wrap-up) goes not ready. Returns whom to make available again."""
    parked = []
    for agent in floor(server, supervisor)["agents"]:
        if queue_id in agent["queues"] and agent["agentId"] not in keep and agent["state"] in ("available", "wrapUp"):
            set_state(server, supervisor, agent["agentId"], "notReady", "end-to-end test: keeping the queue free")
            parked.append(agent["agentId"])
    nobody = [a for a in floor(server, supervisor)["agents"] if queue_id in a["queues"] and a["agentId"] not in keep and a["state"] == "available"]
    assert nobody == [], f"agents still available in queue {queue_id}: {nobody}"
    return parked


def unpark(server, supervisor: str, parked: list[int]) -> None:
    for agent in parked:
        set_state(server, supervisor, agent, "available", "end-to-end test: restoring")


class EventReader:
    """Reads the SSE stream /api/v1/events?timeout=N in a thread (urllib, streaming) and keeps
    every event as (name, data), until the server ends the stream or an event satisfies `until`."""

    def __init__(self, server, token: str, timeout: int, until=None):
        self.url = server.url(f"/api/v1/events?timeout={timeout}")
        self.token = token
        self.timeout = timeout
        self.until = until
        self.events: list[tuple[str, dict]] = []
        self.error: BaseException | None = None
        self.opened = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)

    def start(self) -> "EventReader":
        self.thread.start()
        assert self.opened.wait(WAIT_SECONDS), f"the event stream did not open: {self.error!r}"
        return self

    def _read(self) -> None:
        request = urllib.request.Request(self.url, headers={"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=self.timeout + 10) as response:
                assert response.status == 200
                assert response.headers.get("Content-Type", "").startswith("text/event-stream")
                self.opened.set()
                name, data = None, []
                for raw in response:
                    line = raw.decode("utf-8").rstrip("\r\n")
                    if line.startswith("event:"):
                        name = line[len("event:"):].strip()
                    elif line.startswith("data:"):
                        data.append(line[len("data:"):].strip())
                    elif line == "":
                        if name is not None:
                            self.events.append((name, json.loads("\n".join(data)) if data else {}))
                            if self.until is not None and self.until(*self.events[-1]):
                                return
                        name, data = None, []
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
            self.opened.set()

    def join(self) -> None:
        self.thread.join(self.timeout + 15)
        assert not self.thread.is_alive(), "the event stream did not end after its timeout"
        assert self.error is None, f"reading the event stream failed: {self.error!r}"

    def named(self, name: str) -> list[dict]:
        return [data for event, data in self.events if event == name]


# MARK: - Reports


def current_period() -> str:
    """This month in the server's local time zone (the server runs on this machine with the
    same environment, so the same zone as this process)."""
    return time.strftime("%Y-%m", time.localtime())


def parse_report_csv(body: bytes) -> tuple[list[str], list[dict[str, str]]]:
    assert body.startswith(b"\xef\xbb\xbf"), f"the CSV does not start with a UTF-8 byte-order mark: {body[:20]!r}"
    text = body[3:].decode("utf-8")
    assert not text.startswith("\ufeff"), "the CSV has two byte-order marks"
    # RFC 4180: every line ends with CRLF.
    assert text.endswith("\r\n"), "the CSV's last line does not end with CRLF"
    assert "\n" not in text.replace("\r\n", ""), "the CSV has line ends other than CRLF"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body_rows = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body_rows), f"rows with another number of fields than the header: {rows}"
    return header, [dict(zip(header, row)) for row in body_rows]


def report_counts(rows: list[dict[str, str]], name: str) -> dict[str, int]:
    """offered/answered/abandoned of the row named `name` (a queue, or Total); zeros when the
    report has no such row yet (a queue without finished calls this period)."""
    matches = [row for row in rows if row["queue"] == name]
    assert len(matches) <= 1, f"more than one row for {name}: {matches}"
    if not matches:
        return {"offered": 0, "answered": 0, "abandoned": 0}
    return {key: int(matches[0][key]) for key in ("offered", "answered", "abandoned")}


def csv_by_api(server, token: str, period: str) -> tuple[list[str], list[dict[str, str]]]:
    response = http("GET", server.url(f"/api/v1/reports?period={period}&by=queue&format=csv"), token=token, headers={"Accept": "text/csv"})
    assert response.status == 200, response.text
    return parse_report_csv(response.body)


def report_table(driver) -> list[tuple[str, list[str]]]:
    """The rows of table#report-table as (class, cells)."""
    table = driver.find_element(By.ID, "report-table")
    return [
        (row.get_attribute("class") or "", [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")])
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]


# MARK: - 1. The board follows the floor live


def test_the_wallboard_shows_a_waiting_call_within_two_seconds_and_drops_it_when_the_caller_hangs_up(demo_server, browser):
    server = demo_server
    supervisor = sign_in_api(server, "supervisor", "demo")
    queue = queue_by_extension(server, supervisor, "800")
    parked = park_agents_serving(server, supervisor, queue["id"])
    call = None
    try:
        open_wallboard(browser, server, "supervisor")
        tile = f'#queues section.tile[data-queue="{queue["id"]}"]'
        assert QUEUE_800 in stable(lambda: browser.find_element(By.CSS_SELECTOR, f"{tile} h2").text)
        waiting_before = stable(lambda: tile_number(browser, queue["id"], "waiting"))
        offered_before = stable(lambda: tile_number(browser, queue["id"], "offered"))
        sl = stable(lambda: browser.find_element(By.CSS_SELECTOR, f"{tile} .sl").get_attribute("class").split())
        assert {"big", "sl"} <= set(sl) and len(set(sl) & {"good", "warning", "bad", "none"}) == 1, sl
        assert stable(lambda: len(browser.find_elements(By.CSS_SELECTOR, f"{tile} svg.spark polyline"))) == 2, "the tile has no sparkline"
        live = next(q for q in floor(server, supervisor)["queues"] if q["queueId"] == queue["id"])
        assert waiting_before == live["waiting"] == 0, live

        call = inject_call(server, supervisor, "800", "+31205550001")
        # Measured from the moment the API answered.
        wait(browser, LIVE_SECONDS).until(
            lambda d: tile_number(d, queue["id"], "waiting") == waiting_before + 1,
            f"the waiting count did not go from {waiting_before} to {waiting_before + 1} within {LIVE_SECONDS} s",
        )
        assert call["state"] == "queued", call
        assert stable(lambda: tile_number(browser, queue["id"], "offered")) == offered_before + 1

        hang_up_as_caller(server, supervisor, call["id"])
        wait(browser, LIVE_SECONDS).until(
            lambda d: tile_number(d, queue["id"], "waiting") == waiting_before,
            f"the waiting count did not drop back to {waiting_before} within {LIVE_SECONDS} s of the hang-up",
        )
        call, ended = None, call
        assert call_record(server, supervisor, ended["id"])["outcome"] == "abandonedInQueue"
        # The abandoned call still counts as offered today.
        assert stable(lambda: tile_number(browser, queue["id"], "offered")) == offered_before + 1
    finally:
        if call is not None:
            http("POST", server.url(f"/api/v1/calls/{call['id']}/hangup"), {"by": "caller"}, token=supervisor)
        unpark(server, supervisor, parked)


def test_the_queue_filter_narrows_the_board_to_one_queue_and_the_agents_serving_it(demo_server, browser):
    server = demo_server
    supervisor = sign_in_api(server, "supervisor", "demo")
    queue = queue_by_extension(server, supervisor, "801")
    open_wallboard(browser, server, "supervisor")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#queues section.tile")) > 1

    Select(browser.find_element(By.ID, "queue-filter")).select_by_value(str(queue["id"]))

    wait(browser).until(
        lambda d: [t.get_attribute("data-queue") for t in d.find_elements(By.CSS_SELECTOR, "#queues section.tile")] == [str(queue["id"])]
    )
    serving = {a["agentId"] for a in floor(server, supervisor)["agents"] if queue["id"] in a["queues"]}
    wait(browser).until(lambda d: set(agent_rows(d)) == serving, "the agents table does not show exactly the agents serving the queue")


# MARK: - 2. A team leader sees their team


def test_a_team_leader_sees_only_their_own_teams_agents_and_may_not_ask_for_another_team(demo_server, browser):
    server = demo_server
    leader = sign_in_api(server, "teamlead1", "demo")
    supervisor = sign_in_api(server, "supervisor", "demo")
    me = api(server, "GET", "/me", leader)
    own_team = me["teamId"]
    assert own_team is not None, me
    everyone = api(server, "GET", "/agents", supervisor)
    team_of = {agent["id"]: agent["teamId"] for agent in everyone}
    own_agents = {agent["id"] for agent in everyone if agent["teamId"] == own_team}
    assert own_agents, "the team leader's team has no agents"
    teams = api(server, "GET", "/teams", supervisor)
    other_team = next(team["id"] for team in teams if team["id"] != own_team)

    open_wallboard(browser, server, "teamlead1")

    wait(browser).until(lambda d: set(agent_rows(d)) == own_agents, "the board does not show exactly the team's agents")
    rows = stable(lambda: agent_rows(browser))
    assert {agent: team_of[agent] for agent in rows if team_of[agent] != own_team} == {}
    team_filter = Select(browser.find_element(By.ID, "team-filter"))
    offered_teams = [option.get_attribute("value") for option in team_filter.options if option.get_attribute("value")]
    assert offered_teams == [str(own_team)], f"the team filter offers {offered_teams}, not only team {own_team}"
    assert team_filter.first_selected_option.get_attribute("value") == str(own_team)
    assert team_filter.first_selected_option.text == me["teamName"]
    # The agent the state form can direct: the same team only.
    direct = {int(value) for value in browser.execute_script("return [...document.getElementById('direct-agent').options].map(o => o.value)")}
    assert direct == own_agents

    # Even "all teams" is the team leader's team.
    team_filter.select_by_value("")
    time.sleep(0.5)
    wait(browser).until(lambda d: d.find_element(By.ID, "updated").text.strip() != "")
    assert set(stable(lambda: agent_rows(browser))) == own_agents

    # The browser's session asks the API the same way the page does.
    cookie = session_cookie(browser)
    refused = http("GET", server.url(f"/api/v1/realtime/wallboard?team={other_team}"), headers={"Cookie": cookie})
    assert refused.status == 403, refused.text
    refused = http("GET", server.url(f"/api/v1/realtime/wallboard?team={other_team}"), token=leader)
    assert refused.status == 403, refused.text
    assert refused.json()["error"]["code"] == "forbidden"
    allowed = floor(server, leader, f"?team={own_team}")
    assert {a["agentId"] for a in allowed["agents"]} == own_agents
    assert [team["id"] for team in allowed["teams"]] == [own_team]


# MARK: - 3. Alerts


def test_a_long_wait_raises_an_alert_on_the_board_and_in_the_event_stream(demo_server, browser):
    server = demo_server
    admin = sign_in_api(server, "admin", "demo")
    supervisor = sign_in_api(server, "supervisor", "demo")
    queue = queue_by_extension(server, admin, "800")
    original_alerts = queue["alerts"]
    parked = park_agents_serving(server, supervisor, queue["id"])
    call = None
    try:
        changed = api(server, "PATCH", f"/queues/{queue['id']}", admin, {"alerts": {"longestWaitSeconds": 2}})
        assert changed["alerts"]["longestWaitSeconds"] == 2, changed
        open_wallboard(browser, server, "supervisor")
        assert [text for _, text in board_alerts(browser) if QUEUE_800 in text] == []

        def ours(data: dict) -> bool:
            return data.get("queueId") == queue["id"] and data.get("kind") == "longestWait"

        # Read until the alert is cleared (or at most 20 s).
        events = EventReader(server, supervisor, timeout=20, until=lambda name, data: name == "alertCleared" and ours(data)).start()
        call = inject_call(server, supervisor, "800", "+31205550001")
        assert call["state"] == "queued", call
        waiting_call = call["id"]

        def alert_on_board(driver):
            return next(((kind, text) for kind, text in board_alerts(driver) if QUEUE_800 in text), None)

        kind, text = wait(browser, 6).until(alert_on_board, "no alert naming the queue appeared on the board within 6 s")
        assert kind == "longestWait" and "limit 2 s" in text, (kind, text)

        hang_up_as_caller(server, supervisor, call["id"])
        call = None
        wait(browser, 5).until(lambda d: alert_on_board(d) is None, "the alert stayed on the board after the caller hung up")
        events.join()

        raised = [e for e in events.named("alertRaised") if ours(e)]
        assert raised, f"no alertRaised for queue {queue['id']} in {events.events}"
        assert raised[0]["threshold"] == 2 and raised[0]["value"] > 2 and QUEUE_800 in raised[0]["message"], raised[0]
        cleared = [e for e in events.named("alertCleared") if ours(e)]
        assert cleared, f"no alertCleared for queue {queue['id']} after the hang-up in {events.events}"
        ordered = [name for name, data in events.events if name.startswith("alert") and ours(data)]
        assert ordered == ["alertRaised", "alertCleared"], events.events
        # The call's own events came through the same stream, before the alert.
        names = [(name, data.get("callId")) for name, data in events.events]
        assert ("callQueued", waiting_call) in names, events.events
        assert names.index(("callQueued", waiting_call)) < [name for name, _ in names].index("alertRaised")
    finally:
        if call is not None:
            http("POST", server.url(f"/api/v1/calls/{call['id']}/hangup"), {"by": "caller"}, token=supervisor)
        restored = http("PATCH", server.url(f"/api/v1/queues/{queue['id']}"), {"alerts": original_alerts}, token=admin)
        unpark(server, supervisor, parked)
    assert restored.status == 200 and restored.json()["alerts"] == original_alerts, restored.text


# MARK: - 4. A month's report and its CSV


def test_a_months_report_counts_finished_calls_in_the_table_the_chart_and_the_csv(demo_server, browser):
    server = demo_server
    supervisor = sign_in_api(server, "supervisor", "demo")
    agent_token = sign_in_api(server, "agent27", "demo")
    agent = api(server, "GET", "/me", agent_token)["agentId"]
    queue = queue_by_extension(server, supervisor, "801")
    assert queue["name"] == QUEUE_801
    period = current_period()
    header_before, before = csv_by_api(server, supervisor, period)
    queue_before, total_before = report_counts(before, QUEUE_801), report_counts(before, "Total")

    state_before = agent_state(server, supervisor, agent)
    parked = park_agents_serving(server, supervisor, queue["id"], keep=(agent,))
    injected, answered = 5, 3
    calls: list[int] = []
    try:
        # Answered: the agent is the only one available; each call rings on their phone.
        set_state(server, agent_token, agent, "available")
        for index in range(answered):
            call = inject_call(server, supervisor, "801", f"+3120555010{index}")
            calls.append(call["id"])
            assert call["state"] == "ringing", call
            assert agent_state(server, supervisor, agent)["callId"] == call["id"]
            assert api(server, "POST", f"/calls/{call['id']}/answer", agent_token)["state"] == "talking"
            assert api(server, "POST", f"/calls/{call['id']}/hangup", agent_token, {"by": "agent"})["state"] == "ended"
            assert api(server, "POST", f"/agents/{agent}/wrap-up/finish", agent_token)["state"] == "available"
        # Abandoned: nobody available, the caller gives up.
        set_state(server, agent_token, agent, "notReady")
        for index in range(injected - answered):
            call = inject_call(server, supervisor, "801", f"+3120555020{index}")
            calls.append(call["id"])
            assert call["state"] == "queued", call
            hang_up_as_caller(server, supervisor, call["id"])
    finally:
        restore_state(server, supervisor, agent, state_before)
        unpark(server, supervisor, parked)
    records = [call_record(server, supervisor, call) for call in calls]
    assert all(record["endedAt"] for record in records), records
    assert [record["outcome"].startswith("completed") for record in records] == [True] * answered + [False] * (injected - answered), records
    assert current_period() == period, "the month changed during the test"

    sign_in_successfully(browser, server, "supervisor")
    browser.get(server.url(f"/reports?period={period}&by=queue"))
    wait(browser).until(lambda d: path_of(d) == "/reports")
    table = wait(browser).until(EC.presence_of_element_located((By.ID, "report-table")))
    assert browser.find_element(By.ID, "period").get_attribute("value") == period
    assert Select(browser.find_element(By.ID, "by")).first_selected_option.get_attribute("value") == "queue"
    assert Select(browser.find_element(By.ID, "per")).first_selected_option.get_attribute("value") == "none"
    chart = browser.find_elements(By.CSS_SELECTOR, "svg#report-chart")
    assert chart and chart[0].is_displayed(), "the report has calls but no chart"
    assert browser.find_elements(By.ID, "no-data") == []
    assert chart[0].find_elements(By.TAG_NAME, "rect"), "the chart has no bars"
    assert table.is_displayed()
    rows = report_table(browser)
    assert rows[-1][0] == "total", f"the table's last row is not the total: {rows[-1]}"
    assert [cls for cls, _ in rows].count("total") == 1

    # The CSV the page links to, read with the browser's own session.
    link = browser.find_element(By.ID, "csv-link")
    assert link.get_attribute("download") is not None
    href = urllib.parse.urlsplit(link.get_attribute("href"))
    assert href.path == "/api/v1/reports"
    assert urllib.parse.parse_qs(href.query) == {"period": [period], "by": ["queue"], "per": ["none"], "format": ["csv"]}
    response = http("GET", server.url(f"{href.path}?{href.query}"), headers={"Cookie": session_cookie(browser), "Accept": "text/csv"})
    assert response.status == 200, response.text
    assert response.headers.get("Content-Type", "").startswith("text/csv"), response.headers
    assert "attachment" in response.headers.get("Content-Disposition", "") and f"switchboard-{period}-by-queue.csv" in response.headers["Content-Disposition"]
    header, after = parse_report_csv(response.body)

    # Columns named in words.
    for name in ["period", "queue", "queue_id", "offered", "answered", "abandoned", "short_abandoned", "rejected", "service_level",
                 "asa_seconds", "aht_seconds", "talk_seconds", "wrap_up_seconds"]:
        assert name in header, f"no column {name} in {header}"
    assert header[:3] == ["period", "queue", "queue_id"]
    assert all(re.fullmatch(r"[a-z][a-z_]*", name) for name in header), header
    assert header == header_before
    assert all(row["period"] == period for row in after)
    assert after[-1]["queue"] == "Total" and after[-1]["queue_id"] == ""
    assert [row["queue"] for row in after].count("Total") == 1

    queue_after, total_after = report_counts(after, QUEUE_801), report_counts(after, "Total")
    expected = {"offered": injected, "answered": answered, "abandoned": injected - answered}
    assert {k: queue_after[k] - queue_before[k] for k in expected} == expected, (queue_before, queue_after)
    assert {k: total_after[k] - total_before[k] for k in expected} == expected, (total_before, total_after)
    queue_row = next(row for row in after if row["queue"] == QUEUE_801)
    assert queue_row["queue_id"] == str(queue["id"])
    # All the answered calls were answered at once: within the service-level target.
    assert 0 < float(queue_row["service_level"]) <= 1

    # The page's table says the same as the CSV.
    table_rows = {cells[0]: cells for cls, cells in rows if cls != "total"}
    total_cells = rows[-1][1]
    assert QUEUE_801 in table_rows, table_rows
    for cells, counts in [(table_rows[QUEUE_801], queue_after), (total_cells, total_after)]:
        assert int(cells[1]) == counts["offered"], cells
        assert int(cells[2]) == counts["answered"], cells
        assert int(cells[3].split()[0]) == counts["abandoned"], cells

    # The form leads to another view of the same month, and the link follows it.
    Select(browser.find_element(By.ID, "by")).select_by_value("center")
    browser.execute_script("window.__switchboardE2EOldPage = true")
    browser.find_element(By.CSS_SELECTOR, "form.report-form button[type=submit]").click()
    wait(browser).until(lambda d: d.execute_script("return window.__switchboardE2EOldPage !== true && document.readyState === 'complete'"))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(browser.current_url).query)
    assert query["by"] == ["center"] and query["period"] == [period]
    center_rows = report_table(browser)
    assert center_rows[-1][0] == "total"
    assert int(center_rows[-1][1][1]) == total_after["offered"]
    assert "by=center" in browser.find_element(By.ID, "csv-link").get_attribute("href")


# MARK: - 5. Setting an agent's state from the board


def test_a_supervisor_sets_an_agents_state_from_the_board_with_a_reason_kept_in_the_audit_log(demo_server, browser):
    server = demo_server
    supervisor = sign_in_api(server, "supervisor", "demo")
    agent = agent_id_of(server, "agent32")
    before = agent_state(server, supervisor, agent)
    because = f"Coaching session (end-to-end test {time.time_ns()})"
    try:
        open_wallboard(browser, server, "supervisor")
        texts = wallboard_texts(browser)
        assert browser.find_element(By.ID, "direct").is_displayed()
        wait(browser).until(lambda d: str(agent) in [o.get_attribute("value") for o in Select(d.find_element(By.ID, "direct-agent")).options])
        stable(lambda: Select(browser.find_element(By.ID, "direct-agent")).select_by_value(str(agent)))
        Select(browser.find_element(By.ID, "direct-state")).select_by_value("notReady")
        reasons = Select(browser.find_element(By.ID, "direct-reason"))
        codes = [option.get_attribute("value") for option in reasons.options]
        assert codes and "missedCall" not in codes, codes
        reason = codes[-1]
        reasons.select_by_value(reason)

        # Without a reason nothing happens.
        browser.find_element(By.ID, "direct-go").click()
        wait(browser).until(lambda d: d.find_element(By.ID, "direct-status").text == texts["Give a reason."])
        assert agent_state(server, supervisor, agent)["state"] == before["state"]

        browser.find_element(By.ID, "direct-because").send_keys(because)
        # (The board re-renders the agent list on every read and keeps the choice.)
        assert browser.execute_script("return document.getElementById('direct-agent').value") == str(agent)
        browser.find_element(By.ID, "direct-go").click()

        wait(browser).until(lambda d: d.find_element(By.ID, "direct-status").text == texts["State set."],
                            "the form did not confirm the state")
        assert browser.find_element(By.ID, "direct-because").get_attribute("value") == ""
        now = agent_state(server, supervisor, agent)
        assert (now["state"], now.get("reason")) == ("notReady", reason), now
        # The board shows it too.
        wait(browser).until(lambda d: texts["notReady"] in agent_rows(d).get(agent, "") and reason in agent_rows(d).get(agent, ""),
                            f"the agents table does not show agent {agent} not ready ({reason}): {stable(lambda: agent_rows(browser).get(agent))!r}")

        audit = api(server, "GET", "/audit", supervisor)
        entries = [e for e in audit if e["action"] == "agent.state.directed" and e["entityId"] == agent and (e.get("after") or {}).get("because") == because]
        assert len(entries) == 1, f"no single audit entry with the reason among {audit[:5]}"
        entry = entries[0]
        assert entry["entity"] == "agent" and entry["actorUsername"] == "supervisor", entry
        assert entry["after"]["state"] == "notReady" and entry["after"]["reason"] == reason, entry
    finally:
        restore_state(server, supervisor, agent, before)
    assert agent_state(server, supervisor, agent)["state"] == before["state"]


# MARK: - 6. TV mode


def test_tv_mode_shows_big_tiles_without_the_agents_table(demo_server, browser):
    server = demo_server
    open_wallboard(browser, server, "supervisor")
    assert "tv" not in (browser.find_element(By.TAG_NAME, "body").get_attribute("class") or "").split()
    normal = stable(lambda: browser.find_element(By.CSS_SELECTOR, "#queues section.tile .waiting").value_of_css_property("font-size"))
    assert browser.find_element(By.ID, "agents").is_displayed()
    link = browser.find_element(By.ID, "tv-link")
    assert urllib.parse.urlsplit(link.get_attribute("href")).query == "tv=1"

    browser.get(server.url("/wallboard?tv=1"))
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#queues section.tile")))

    assert "tv" in browser.find_element(By.TAG_NAME, "body").get_attribute("class").split()
    assert stable(lambda: [t.is_displayed() for t in browser.find_elements(By.CSS_SELECTOR, "#queues section.tile")]) == [True] * len(
        floor(server, sign_in_api(server, "supervisor", "demo"))["queues"]
    ), "not every queue's tile is visible in TV mode"
    tv = stable(lambda: browser.find_element(By.CSS_SELECTOR, "#queues section.tile .waiting").value_of_css_property("font-size"))
    assert float(tv.removesuffix("px")) > float(normal.removesuffix("px")), (normal, tv)
    assert not browser.find_element(By.ID, "agents").is_displayed()
    assert not browser.find_element(By.ID, "direct").is_displayed()
    # TV mode follows the floor too.
    assert browser.find_element(By.ID, "updated").text.strip() != ""


# MARK: - 7. A wallboard that was open does not keep the server from stopping


def test_the_server_stops_promptly_on_sigterm_after_a_wallboard_followed_its_event_stream(start_server, tmp_path, browser):
    """The wallboard follows /api/v1/events without a timeout. Once the browser has left, the
    server must still stop on SIGTERM as promptly as one that never served the board."""
    with start_server("demo", "--data-dir", str(tmp_path / "demo-data")) as server:
        open_wallboard(browser, server, "supervisor")
        # Leaving the page closes its EventSource (and with it the connection).
        browser.get("about:blank")
        time.sleep(1)
        started = time.monotonic()
        try:
            status = server.stop(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(
                "the server did not exit within 10 s of SIGTERM (it was killed) after a wallboard had followed "
                "/api/v1/events and gone away: the event stream's handler (Sources/Web/API/RealtimeAPI.swift, "
                "api.get(\"events\")) waits for the next event forever, and graceful shutdown waits for it.\n"
                + server.output()[-2000:]
            )
        assert status == 0, server.output()
        assert time.monotonic() - started < 5
