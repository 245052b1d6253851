"""The second factor in a browser: a director with no authenticator app signs in,
sets one up from the key on the page, keeps the recovery codes and reaches the
overview; each page passes axe and runs under the Content-Security-Policy."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.browser.conftest import PASSWORD, assert_accessible, screenshot

pytestmark = pytest.mark.browser
NOT_RIGHT = "The code is not right, or has expired"


def test_a_director_sets_up_an_app_at_first_sign_in(page, world):
    refused = []  # what the Content-Security-Policy refused, if anything
    page.on("console", lambda m: "Content-Security-Policy" in m.text and refused.append(m.text))
    page.goto(page.base_url + "/sign-in/")
    page.fill("#id_username", "director")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/second-factor/set-up/**")
    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    assert page.locator("svg[role=img]").count() == 1  # the QR code
    assert_accessible(page)
    screenshot(page, "second-factor-set-up")

    key = page.locator("#secret-key").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=world.users["director"], confirmed=False)
    assert b32decode(key) == device.bin_key
    now = {f"{totp(device.bin_key, drift=d):06d}" for d in (-1, 0, 1)}
    page.fill("#id_code", next(c for c in ("000000", "111111", "222222") if c not in now))
    page.click("button:has-text('Continue')")
    assert NOT_RIGHT in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    device.refresh_from_db()
    device.throttle_reset()  # the wrong code's 1-second wait
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.click("button:has-text('Continue')")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes)
    assert_accessible(page)
    screenshot(page, "second-factor-recovery-codes")

    page.click("a:has-text('Continue')")
    page.wait_for_url(lambda url: "/second-factor/" not in url)
    assert page.get_by_role("navigation", name="Main menu").is_visible()
    assert not refused, refused
