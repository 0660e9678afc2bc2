"""The web pages in a real browser (headless Chromium) against `switchboard demo`.

One demo server with a freshly seeded organisation serves this module; every test gets a new
browser, so no sign-in carries over from one test to the next.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path

import pytest

from conftest import http

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT_SECONDS = 10
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

DEMO_USERNAMES = (
    ["admin", "supervisor", "qa", "planner", "recruiter"]
    + [f"teamlead{index}" for index in range(1, 4)]
    + [f"agent{index:02d}" for index in range(1, 40)]
)


@pytest.fixture
def browser(tmp_path: Path):
    """A fresh headless Chromium, quit after the test."""
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-proxy-server", "--window-size=1280,1024"]:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    # The console, so a test can see what the Content-Security-Policy refused and script errors.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser_binary = os.environ.get("CHROMIUM_BINARY") or (str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium"))
    if browser_binary:
        options.binary_location = browser_binary
    driver_path = os.environ.get("CHROMEDRIVER") or (str(CHROMEDRIVER) if CHROMEDRIVER.exists() else shutil.which("chromedriver"))
    service = Service(executable_path=driver_path) if driver_path else Service()
    try:
        driver = webdriver.Chrome(options=options, service=service)
    except WebDriverException as error:
        pytest.skip(f"headless Chromium could not be started (install chromium and chromium-driver): {error.msg}")
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver):
    return WebDriverWait(driver, WAIT_SECONDS)


def path_of(driver) -> str:
    return urllib.parse.urlsplit(driver.current_url).path


def sign_in(driver, server, username: str, password: str = "demo") -> None:
    """Fills in and submits the sign-in form (without waiting for the result)."""
    driver.get(server.url("/sign-in"))
    form = wait(driver).until(EC.presence_of_element_located((By.ID, "sign-in-form")))
    form.find_element(By.ID, "username").send_keys(username)
    form.find_element(By.ID, "password").send_keys(password)
    submit_and_wait_for_the_next_page(driver, form.find_element(By.ID, "sign-in"))


def submit_and_wait_for_the_next_page(driver, button) -> None:
    """Clicks a link or submit button and waits until the browser has loaded the page it leads to.

    The current document is marked first; the next page is there once the mark is gone and the
    new document has loaded. Chromedriver can report transient errors while a navigation is
    under way (e.g. "Node with given id does not belong to the document"), so those are retried."""
    driver.execute_script("window.__switchboardE2EOldPage = true")
    button.click()
    WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(
        lambda driver: driver.execute_script(
            "return window.__switchboardE2EOldPage !== true && document.readyState === 'complete'"
        ),
        "the browser did not load the next page",
    )


def wait_for_page(driver, path: str, element_id: str):
    """Waits until the browser shows `path` and its element #element_id is there; returns the element."""
    wait(driver).until(lambda driver: path_of(driver) == path, f"the browser is not at {path}")
    element = wait(driver).until(EC.presence_of_element_located((By.ID, element_id)))
    wait_until_loaded(driver)
    return element


def wait_until_loaded(driver) -> None:
    wait(driver).until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def sign_in_successfully(driver, server, username: str) -> None:
    sign_in(driver, server, username)
    wait_for_page(driver, "/", "roles")


def table_rows(driver, table_id: str) -> list[list[str]]:
    """The text of every body cell of table#table_id, row by row."""
    table = wait(driver).until(EC.presence_of_element_located((By.ID, table_id)))
    return [
        [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]


def column(rows: list[list[str]], index: int = 0) -> list[str]:
    return [row[index] for row in rows if len(row) > index]


# MARK: - Signing in and out


def test_a_wrong_password_shows_an_error_and_stays_on_the_sign_in_page(demo_server, browser):
    sign_in(browser, demo_server, "admin", "not-the-password")

    error = wait(browser).until(EC.visibility_of_element_located((By.ID, "error")))
    wait_until_loaded(browser)
    assert error.text.strip()
    assert path_of(browser) == "/sign-in"
    assert browser.find_element(By.ID, "sign-in-form").is_displayed()
    assert browser.find_element(By.ID, "username").get_attribute("value") == "admin"
    assert browser.find_element(By.ID, "password").get_attribute("value") == ""
    assert browser.find_elements(By.ID, "roles") == []


def test_signing_out_returns_to_the_sign_in_page_and_ends_the_session(demo_server, browser):
    sign_in_successfully(browser, demo_server, "supervisor")

    submit_and_wait_for_the_next_page(browser, browser.find_element(By.ID, "sign-out"))

    assert wait_for_page(browser, "/sign-in", "sign-in-form").is_displayed()
    assert browser.get_cookie("switchboard_session") is None
    browser.get(demo_server.url("/"))
    wait_for_page(browser, "/sign-in", "sign-in-form")


# MARK: - The administrator


def test_admin_signs_in_to_a_dutch_home_page_with_a_link_to_administration(demo_server, browser):
    sign_in_successfully(browser, demo_server, "admin")

    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    assert "Uitloggen" in browser.find_element(By.TAG_NAME, "nav").text
    assert "beheer" in browser.find_element(By.ID, "roles").text
    link = browser.find_element(By.ID, "admin-link")
    assert urllib.parse.urlsplit(link.get_attribute("href")).path == "/admin"


def test_the_admin_page_lists_the_demo_users_teams_and_queues(demo_server, browser):
    sign_in_successfully(browser, demo_server, "admin")

    submit_and_wait_for_the_next_page(browser, browser.find_element(By.ID, "admin-link"))

    wait_for_page(browser, "/admin", "users")
    assert "Beheer" in browser.find_element(By.TAG_NAME, "h1").text
    usernames = column(table_rows(browser, "users"))
    for username in ["agent01", "agent39", "teamlead3"]:
        assert username in usernames
    assert len(usernames) >= len(DEMO_USERNAMES)
    assert set(DEMO_USERNAMES) <= set(usernames), f"missing demo users: {set(DEMO_USERNAMES) - set(usernames)}"
    team_names = column(table_rows(browser, "teams"))
    for team in ["Team Amstel", "Team Maas", "Team Thames"]:
        assert team in team_names
    queues = {row[0]: row[1] for row in table_rows(browser, "queues") if len(row) > 1}
    assert queues.get("Klantenservice NL") == "800", queues
    assert queues.get("Customer Service EN") == "801", queues


def test_admin_adds_a_skill_through_the_form_and_sees_a_notice_and_the_skill_in_the_table(demo_server, browser):
    sign_in_successfully(browser, demo_server, "admin")
    browser.get(demo_server.url("/admin"))
    wait_for_page(browser, "/admin", "skills")
    assert "lang:fr" not in column(table_rows(browser, "skills"))

    form = wait(browser).until(EC.presence_of_element_located((By.ID, "add-skill")))
    form.find_element(By.NAME, "name").send_keys("lang:fr")
    form.find_element(By.NAME, "description").send_keys("French")
    submit_and_wait_for_the_next_page(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    notice = wait(browser).until(EC.visibility_of_element_located((By.ID, "notice")))
    wait_until_loaded(browser)
    assert notice.text.strip() == "Opgeslagen."
    assert browser.find_elements(By.ID, "error") == []
    skills = {row[0]: row for row in table_rows(browser, "skills") if row}
    assert "lang:fr" in skills
    assert "French" in skills["lang:fr"]


def test_adding_a_team_with_a_name_that_is_taken_shows_an_error_and_adds_nothing(demo_server, browser):
    sign_in_successfully(browser, demo_server, "admin")
    browser.get(demo_server.url("/admin"))
    wait_for_page(browser, "/admin", "teams")
    teams_before = table_rows(browser, "teams")

    form = wait(browser).until(EC.presence_of_element_located((By.ID, "add-team")))
    form.find_element(By.NAME, "name").send_keys("Team Amstel")
    submit_and_wait_for_the_next_page(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    error = wait(browser).until(EC.visibility_of_element_located((By.ID, "error")))
    wait_until_loaded(browser)
    assert error.text.strip()
    assert browser.find_elements(By.ID, "notice") == []
    assert table_rows(browser, "teams") == teams_before


# MARK: - An agent


def test_an_agent_sees_their_team_and_skills_on_the_home_page(demo_server, browser):
    sign_in_successfully(browser, demo_server, "agent01")

    assert "Team Amstel" in browser.find_element(By.ID, "my-team").text
    assert "lang:nl" in browser.find_element(By.ID, "my-skills").text
    assert browser.find_elements(By.ID, "admin-link") == []


def test_an_agent_is_refused_the_admin_page_with_403_in_their_own_language(demo_server, browser):
    sign_in_successfully(browser, demo_server, "agent01")

    browser.get(demo_server.url("/admin"))

    body = wait(browser).until(EC.presence_of_element_located((By.TAG_NAME, "main")))
    assert "beheerders" in body.text
    assert browser.find_elements(By.ID, "users") == []
    assert browser.find_elements(By.ID, "add-user") == []
    # The browser does not expose the status code, so ask again with the browser's session cookie.
    session = browser.get_cookie("switchboard_session")
    assert session is not None, "signing in set no session cookie"
    response = http("GET", demo_server.url("/admin"), headers={"Cookie": f"switchboard_session={session['value']}", "Accept": "text/html"})
    assert response.status == 403
    assert "beheerders" in response.text


# MARK: - Scripts and styles under a strict Content-Security-Policy


def test_every_page_works_under_the_strict_policy_with_no_refusal_and_no_script_error(demo_server, browser):
    """The policy allows only the server's own files: a page that still had an inline script,
    handler or style would be refused (and say so on the console), and its script would not run."""
    visits = {
        "admin": ["/", "/admin", "/admin/queues/1", "/admin/users/1"],
        "supervisor": ["/wallboard", "/wallboard?tv=1", "/reports"],
        "agent01": ["/desk", "/customers?q=a", "/customers/1"],
    }
    for username, paths in visits.items():
        browser.delete_all_cookies()
        sign_in_successfully(browser, demo_server, username)
        for path in paths:
            browser.get(demo_server.url(path))
            wait_until_loaded(browser)
            # The page's own script ran: each of these is filled in by it.
            if path == "/desk":
                wait(browser).until(lambda d: d.find_element(By.ID, "state-name").text.strip() not in ("", "…"), "the desk's script did not run")
            if path.startswith("/wallboard"):
                wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#queues .tile"), "the wallboard's script did not run")
            if path == "/customers/1":
                wait(browser).until(lambda d: d.find_elements(By.ID, "customer-name"), "the customer card was not drawn")
            # Styles from files apply: the navigation bar is dark.
            colour = browser.execute_script("return getComputedStyle(document.querySelector('nav')).backgroundColor")
            assert colour == "rgb(29, 36, 48)", f"{path}: the page's style sheet did not apply ({colour})"
            problems = [
                entry["message"]
                for entry in browser.get_log("browser")
                if "Content Security Policy" in entry["message"] or entry["level"] == "SEVERE"
            ]
            assert problems == [], f"{username} on {path}: {problems}"


def test_deleting_on_the_admin_page_asks_first_and_cancelling_keeps_the_record(demo_server, browser):
    sign_in_successfully(browser, demo_server, "admin")
    browser.get(demo_server.url("/admin"))
    wait_until_loaded(browser)
    before = column(table_rows(browser, "skills"))
    button = browser.find_element(By.CSS_SELECTOR, "#skills form[data-confirm] button")
    button.click()
    alert = wait(browser).until(EC.alert_is_present())
    assert alert.text.strip()
    alert.dismiss()
    wait_until_loaded(browser)
    assert path_of(browser) == "/admin"
    assert column(table_rows(browser, "skills")) == before
