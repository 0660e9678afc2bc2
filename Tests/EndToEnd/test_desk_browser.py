"""The agent's desk in a real browser (headless Chromium): a call for a known customer pops up
with their invoice, parcel and warranty; the agent handles it end to end; a reload keeps the note."""

from __future__ import annotations

import time

import pytest

from conftest import http, sign_in_api
from test_browser import browser, sign_in_successfully, submit_and_wait_for_the_next_page, wait, wait_for_page  # noqa: F401

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

# The demo's first customer always has an open invoice, a parcel in transit and an active warranty.
KNOWN_CALLER = "+31205550000"


def open_desk(driver, server, username: str) -> None:
    sign_in_successfully(driver, server, username)
    submit_and_wait_for_the_next_page(driver, driver.find_element(By.ID, "desk-link"))
    wait_for_page(driver, "/desk", "go-available")
    wait(driver).until(lambda d: d.find_element(By.ID, "state-name").text not in ("", "…"))


def inject_call(server, number: str) -> int:
    supervisor = sign_in_api(server, "supervisor", "demo")
    response = http("POST", server.url("/api/v1/calls"), {"queue": "800", "from": number}, token=supervisor)
    assert response.status == 201, response.text
    return response.json()["id"]


def test_an_agent_takes_a_call_for_a_known_customer_end_to_end(demo_server, browser):
    server = demo_server
    open_desk(browser, server, "agent04")
    browser.find_element(By.ID, "go-available").click()
    wait(browser).until(lambda d: d.find_element(By.ID, "state-name").text.lower() in ("available", "beschikbaar"))
    call = inject_call(server, KNOWN_CALLER)
    # The call arrives without a reload, with the customer popped up.
    wait(browser).until(EC.element_to_be_clickable((By.ID, "answer")))
    wait(browser).until(EC.presence_of_element_located((By.ID, "customer-name")))
    invoices = browser.find_element(By.ID, "open-invoices").text
    assert "INV-" in invoices and "DEMO" in invoices
    assert "inTransit" in browser.find_element(By.ID, "open-orders").text
    assert browser.find_element(By.ID, "warranties").text.strip() != ""
    # Answer with the keyboard shortcut.
    ActionChains(browser).key_down(Keys.ALT).send_keys("a").key_up(Keys.ALT).perform()
    wait(browser).until(EC.element_to_be_clickable((By.ID, "hangup")))
    # Search the customers outside the pop-up too.
    browser.find_element(By.ID, "customer-search").send_keys("DEMO-does-not-exist")
    browser.find_element(By.ID, "search").click()
    note = wait(browser).until(EC.element_to_be_clickable((By.ID, "note")))
    note.send_keys("Klant vraagt naar factuur; betaling volgt vrijdag.")
    wait(browser).until(lambda d: d.find_element(By.ID, "note-status").text.lower() in ("saved", "opgeslagen"))
    browser.find_element(By.ID, "referral-product").send_keys("Extended warranty")
    browser.find_element(By.ID, "record-referral").click()
    wait(browser).until(lambda d: "ecorded" in d.find_element(By.ID, "log-status").text or "astgelegd" in d.find_element(By.ID, "log-status").text)
    browser.find_element(By.ID, "hangup").click()
    wait(browser).until(lambda d: d.find_element(By.ID, "state-name").text.lower() in ("wrapup", "nawerk"))
    Select(browser.find_element(By.ID, "disposition")).select_by_value("resolved")
    browser.find_element(By.ID, "save-disposition").click()
    wait(browser).until(lambda d: "isposition" in d.find_element(By.ID, "log-status").text or "fhandelcode" in d.find_element(By.ID, "log-status").text)

    agent = sign_in_api(server, "agent04", "demo")
    assert http("GET", server.url(f"/api/v1/calls/{call}/note"), token=agent).json()["text"] == "Klant vraagt naar factuur; betaling volgt vrijdag."
    assert http("GET", server.url(f"/api/v1/calls/{call}/disposition"), token=agent).json()["code"] == "resolved"
    me = http("GET", server.url("/api/v1/me"), token=agent).json()["agentId"]
    referrals = http("GET", server.url(f"/api/v1/agents/{me}/referrals"), token=agent).json()
    assert [r["callId"] for r in referrals["referrals"]] == [call]
    record = http("GET", server.url(f"/api/v1/calls/{call}"), token=agent).json()
    assert record["outcome"].startswith("completed")
    http("POST", server.url(f"/api/v1/agents/{me}/state"), {"state": "loggedOut"}, token=agent)


def test_a_reload_in_the_middle_of_a_note_keeps_it(demo_server, browser):
    server = demo_server
    open_desk(browser, server, "agent05")
    browser.find_element(By.ID, "go-available").click()
    wait(browser).until(lambda d: d.find_element(By.ID, "state-name").text.lower() in ("available", "beschikbaar"))
    call = inject_call(server, "+31205550004")
    wait(browser).until(EC.element_to_be_clickable((By.ID, "answer"))).click()
    wait(browser).until(EC.element_to_be_clickable((By.ID, "hangup")))
    note = wait(browser).until(EC.element_to_be_clickable((By.ID, "note")))
    note.send_keys("Eerste deel van de notitie")
    # Reload at once, before the save can have happened: the browser kept the text.
    browser.refresh()
    wait_for_page(browser, "/desk", "note")
    wait(browser).until(lambda d: d.find_element(By.ID, "note").get_attribute("value") == "Eerste deel van de notitie")
    wait(browser).until(lambda d: d.find_element(By.ID, "note-status").text.lower() in ("saved", "opgeslagen"))
    agent = sign_in_api(server, "agent05", "demo")
    deadline = time.monotonic() + 5
    while http("GET", server.url(f"/api/v1/calls/{call}/note"), token=agent).status != 200:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert http("GET", server.url(f"/api/v1/calls/{call}/note"), token=agent).json()["text"] == "Eerste deel van de notitie"
    http("POST", server.url(f"/api/v1/calls/{call}/hangup"), {"by": "agent"}, token=agent)
