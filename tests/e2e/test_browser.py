"""End to end: the real server, headless Chromium, clicks and what renders."""
from __future__ import annotations

import re

import pytest

from .conftest import settle, shot, wait_text

pytestmark = pytest.mark.e2e


def plots(page):
    return page.locator("[data-testid=stPlotlyChart] .main-svg")


def test_shared_link_with_country_filter(server, page):
    page.goto(f"{server}/?country=PRK")
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    assert plots(page).count() >= 3, "overview charts drew"
    sidebar = page.locator("[data-testid=stSidebar]")
    assert "North Korea" in sidebar.locator(".react-aria-ComboBox [data-tag]").first.inner_text()
    assert "Countries: North Korea" in wait_text(page, "Countries: North Korea")
    shot(page, "overview-prk")
    assert not page.errors


@pytest.mark.parametrize("view", ["network", "topics", "coverage", "articles"])
def test_each_view_honours_the_shared_link(server, page, view):
    page.goto(f"{server}/{view}?country=PRK&source=Pacific+Wire+Service")
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    main = wait_text(page, "Outlet: Pacific Wire Service")
    assert "Country: North Korea" in main and "Outlet: Pacific Wire Service" in main
    if view != "articles":
        assert plots(page).count() >= 1
    shot(page, f"{view}-prk")
    assert not page.errors


def test_clicking_a_chip_removes_the_filter_and_updates_the_url(server, page):
    page.goto(f"{server}/?country=PRK&country=JPN")
    settle(page)
    before = page.locator("[data-testid=stMetricValue]").first.inner_text()
    page.get_by_role("button", name=re.compile("Country: Japan")).click()
    settle(page)
    assert "country=JPN" not in page.url and "country=PRK" in page.url
    page.locator("[data-testid=stMain]").get_by_role("button", name="Clear all", exact=True).click()
    settle(page)
    assert "country=" not in page.url
    after = page.locator("[data-testid=stMetricValue]").first.inner_text()
    assert int(after.replace(",", "")) > int(before.replace(",", ""))


def test_choosing_a_country_in_the_sidebar_filters_every_view(server, page):
    page.goto(server)
    settle(page)
    total = int(page.locator("[data-testid=stMetricValue]").first.inner_text().replace(",", ""))
    box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    box.click()
    page.keyboard.type("Russia")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    assert "country=RUS" in page.url
    n = int(page.locator("[data-testid=stMetricValue]").first.inner_text().replace(",", ""))
    assert 0 < n < total
    page.get_by_role("link", name="Network").click()
    settle(page)
    assert "country=RUS" in page.url and "Country: Russia" in wait_text(page, "Country: Russia")
