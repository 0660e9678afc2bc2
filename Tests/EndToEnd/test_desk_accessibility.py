"""The desk and the customer pages on a 1366×768 screen (a common office laptop), in a real
browser (headless Chromium): nothing needs horizontal scrolling, and every visible control has
an accessible name a screen reader can announce.

One demo server (live traffic off) serves this module; the `quiet_floor` fixture logs every agent
out around each test, so an injected call rings only for the agent in the browser.
"""

from __future__ import annotations

import pytest

from test_browser import browser, sign_in_successfully, wait_for_page  # noqa: F401
from test_desk_knowledge_browser import (  # noqa: F401
    KNOWN_CUSTOMER_ID,
    QUEUE_EN,
    QUEUE_NL,
    quiet_floor,
    take_a_call,
    wait,
    wait_for_the_filled_in_script,
)

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WIDTH, HEIGHT = 1366, 768

#: The visible buttons, inputs, selects and text areas without an accessible name, as short
#: descriptions. A name comes from (in the order of the accessible-name computation):
#: aria-labelledby (non-empty text of the elements it names), aria-label, a <label> wrapping
#: the control or naming it with for=id, and for a button its text content. Placeholders and
#: titles do not count: they are hints, not names.
UNNAMED_CONTROLS = """
    const visible = el => {
      if (!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.display !== 'none';
    };
    const text = el => (el ? el.textContent : '').replace(/\\s+/g, ' ').trim();
    const nameOf = el => {
      const labelledBy = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
        .map(id => text(document.getElementById(id))).join(' ').trim();
      if (labelledBy) return labelledBy;
      const ariaLabel = (el.getAttribute('aria-label') || '').trim();
      if (ariaLabel) return ariaLabel;
      const labels = [...(el.labels || [])].map(text).join(' ').trim();
      if (labels) return labels;
      if (el.tagName === 'BUTTON') return text(el);
      if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) return (el.value || '').trim();
      return '';
    };
    return [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea')]
      .filter(visible).filter(el => !nameOf(el))
      .map(el => el.outerHTML.slice(0, 160));
"""

#: The document's width against the window's; and what sticks out on the right, if anything.
HORIZONTAL_OVERFLOW = """
    const root = document.documentElement;
    const limit = root.clientWidth;
    const out = [...document.body.querySelectorAll('*')]
      .filter(el => el.getBoundingClientRect().right > limit + 0.5)
      .slice(0, 8).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' right=' + Math.round(el.getBoundingClientRect().right));
    return {scrollWidth: root.scrollWidth, clientWidth: limit, innerWidth: window.innerWidth, out};
"""


def at_laptop_size(driver) -> None:
    driver.set_window_size(WIDTH, HEIGHT)
    # The window's outer size includes no frame in headless Chromium: the page gets the full width.
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return window.innerWidth") == WIDTH)


def assert_fits_and_names_everything(driver, page: str) -> None:
    widths = driver.execute_script(HORIZONTAL_OVERFLOW)
    assert widths["scrollWidth"] <= widths["innerWidth"], f"{page} scrolls sideways at {WIDTH}×{HEIGHT}: {widths}"
    assert widths["scrollWidth"] <= widths["clientWidth"], f"{page} scrolls sideways at {WIDTH}×{HEIGHT}: {widths}"
    unnamed = driver.execute_script(UNNAMED_CONTROLS)
    assert unnamed == [], f"{page}: {len(unnamed)} visible controls without an accessible name:\n" + "\n".join(unnamed)


@pytest.mark.parametrize(
    "username, queue_id", [("agent10", QUEUE_NL), ("agent28", QUEUE_EN)], ids=["dutch-desk", "english-desk"]
)
def test_the_desk_with_a_call_a_script_and_an_article_fits_a_laptop_and_names_every_control(demo_server, browser, username, queue_id):
    at_laptop_size(browser)
    take_a_call(browser, demo_server, username, queue_id)
    wait_for_the_filled_in_script(browser)
    assert browser.find_element(By.CSS_SELECTOR, "#card #offers button.offer-refer").is_displayed()
    browser.find_element(By.ID, "kb-search").send_keys("descale")
    browser.find_element(By.ID, "kb-go").click()
    hit = wait(browser).until(
        lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, "#kb-results button.kb-hit") if "Barista Pro" in b.text), None)
    )
    hit.click()
    wait(browser).until(EC.visibility_of_element_located((By.ID, "guided-next")))
    assert browser.find_element(By.ID, "article-title").is_displayed()
    assert_fits_and_names_everything(browser, "the desk")
    browser.find_element(By.ID, "hangup").click()


def test_the_customer_pages_fit_a_laptop_and_name_every_control(demo_server, browser):
    at_laptop_size(browser)
    sign_in_successfully(browser, demo_server, "agent10")
    browser.get(demo_server.url("/customers?q=Meer"))
    results = wait_for_page(browser, "/customers", "customer-results")
    assert results.find_elements(By.CSS_SELECTOR, f'a[href="/customers/{KNOWN_CUSTOMER_ID}"]')
    assert_fits_and_names_everything(browser, "the customer search")
    browser.get(demo_server.url(f"/customers/{KNOWN_CUSTOMER_ID}"))
    wait_for_page(browser, f"/customers/{KNOWN_CUSTOMER_ID}", "customer-name")
    wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#offers button.offer-refer")))
    assert browser.find_element(By.ID, "open-invoices").is_displayed()
    assert_fits_and_names_everything(browser, "the customer page")
