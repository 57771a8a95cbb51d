from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_landing_page_is_french_for_an_english_browser_and_has_no_csp_violation(page, artifacts_dir):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Évaluez")
    page.screenshot(path=str(artifacts_dir / "landing.png"), full_page=True)
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_the_skip_link_is_the_first_stop_of_the_keyboard_and_leads_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"


def test_the_language_switch_turns_every_page_english(page):
    page.goto("/orga/")
    page.get_by_role("button", name="EN – English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    page.goto("/certif/")
    assert page.locator("html").get_attribute("lang") == "en"
