"""Browser tests: Debian's Chromium driven by Playwright against the live
application, with axe checking each page's accessibility. Screenshots go to
out/screenshots/ for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.web.conftest import PASSWORD, client_for, world  # noqa: F401  (fixtures)

# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# the fixtures make there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parents[2] / "out" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-packages (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, world):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def sign_in(page, username: str) -> None:
    """Sign in through the form, as a person does; someone whose role needs a second
    factor then types their authenticator app's code (an app is set up for them
    first if they have none)."""
    device = authenticator_for(username)
    page.goto(page.base_url + "/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    if device is not None:
        page.wait_for_url("**/second-factor/code/**")
        page.fill("#id_code", app_code(device))
        page.click("button:has-text('Continue')")
        page.wait_for_url(lambda url: "/second-factor/" not in url)


def authenticator_for(username: str):
    """The person's authenticator app if their role needs one (made if missing)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from goldenthread.mfa.selectors import second_factor_required

    user = get_user_model().objects.get(username=username)
    if not second_factor_required(user):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def app_code(device) -> str:
    """What the person's app shows: the current step, or the next one if the server
    took this step's code already (a code is taken once; one step either side of
    now is accepted). Not the step before now: on a loaded machine the server may
    check it after the clock has moved on by a step, and refuse it."""
    import time

    from django_otp.oath import hotp

    device.refresh_from_db()
    step = max(int(time.time()) // device.step, device.last_t + 1)
    while step > int(time.time()) // device.step + 1:
        time.sleep(1)
    return f"{hotp(device.bin_key, step):06d}"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
