"""Each role doing its job in a real browser; every page passes axe."""

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_is_accessible(page, world):
    sign_in(page, "performance")
    urls = {
        "overview": reverse("overview:home") + "?period=2019/20+Q1",
        "progress": reverse("overview:progress") + "?period=2019/20+Q1",
        "register": reverse("indicators:list"),
        "indicator": reverse("indicators:detail", args=["EX-02"]) + "?period=2019/20+Q1",
        "returns": reverse("returns:list") + "?period=2019/20+Q1",
        "return": reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]),
        "targets": reverse("indicators:targets", args=["EX-02", 2019]),
        "indicator-edit": reverse("indicators:edit", args=["EX-02"]),
        "indicator-new": reverse("indicators:new"),
        "organisations": reverse("organisations:structure"),
        "organisation-edit": reverse("organisations:edit", args=["organisation", world.lbn.id]),
        "service-area-new": reverse("organisations:new", args=["service-area"]),
        "people": reverse("people:list"),
        "person-edit": reverse("people:edit", args=[world.users["officer.lbn"].id]),
        "person-new": reverse("people:new"),
        "packs": reverse("packs:list"),
        "return-upload": reverse("returns:import", args=["LBN", world.payroll.id, 2019, 1]),
        "register-spreadsheet": reverse("register_sheet:load"),
    }
    for name, url in urls.items():
        page.goto(page.base_url + url)
        assert page.locator("h1").count() == 1, name
        screenshot(page, f"performance-{name}")
        assert_accessible(page)


def test_form_errors_are_accessible(page, world):
    sign_in(page, "performance")
    page.goto(page.base_url + reverse("people:new"))
    page.fill("#id_username", "officer.lbn")
    page.fill("#id_password", "password")
    page.select_option("#id_role", "service-officer")
    page.click("button:has-text('Save')")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "someone already signs in with that username" in summary.inner_text()
    summary.locator("a", has_text="Service areas").click()  # the link moves to the field
    assert_accessible(page)
    screenshot(page, "performance-person-errors")


def test_sign_in_page_is_accessible_and_a_wrong_password_is_explained(page):
    page.goto(page.base_url + "/")
    assert "/sign-in/" in page.url
    assert_accessible(page)
    page.fill("#id_username", "officer.lbn")
    page.fill("#id_password", "wrong")
    page.click("button:has-text('Sign in')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    screenshot(page, "sign-in-error")


def test_officer_enters_a_return_with_commentary_and_director_approves(page, world):
    sign_in(page, "officer.lbn")
    page.goto(page.base_url + reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]))
    june = f"#id_i{world.payroll_on_time.id}-total-201906-1"
    page.fill(june, "nonsense")
    page.click("button:has-text('Save and submit')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value(june) == "nonsense"
    assert_accessible(page)
    screenshot(page, "officer-return-error")
    page.fill(june, "95.63%")
    page.fill(f"#id_i{world.payroll_on_time.id}-reasons", "BACS run failed on 28 June")
    page.click("button:has-text('Save and submit')")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert "Submitted" in page.locator("main").inner_text()
    screenshot(page, "officer-return-submitted")

    page.click("button:has-text('Sign out')")
    sign_in(page, "director")
    page.goto(page.base_url + reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]))
    assert_accessible(page)
    page.click("button:has-text('Approve')")
    assert "Return approved" in page.locator("main").inner_text()
    screenshot(page, "director-approved")


def test_the_return_page_rates_figures_as_the_officer_types(page, world):
    sign_in(page, "officer.lbn")
    page.goto(page.base_url + reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]))
    ident = world.payroll_on_time.id
    preview = page.locator(f"#preview-{ident}")
    page.fill(f"#id_i{ident}-total-201906-1", "85")  # typed, not saved
    page.wait_for_function(
        "id => document.getElementById(id).innerText.includes('94.99')", arg=f"preview-{ident}"
    )
    text = preview.inner_text()
    # (99.99 + 99.99 + 85) / 3 = 94.99%: below the 100% target by more than 5%
    assert "94.99%" in text and "Red" in text and "Off target: give the reasons" in text
    assert_accessible(page)
    screenshot(page, "officer-return-preview")
    page.fill(f"#id_i{ident}-reasons", "BACS run failed on 28 June")
    page.fill(f"#id_i{ident}-remedial_actions", "Second BACS run checked by 3 July")  # red
    page.wait_for_function(
        "id => !document.getElementById(id).innerText.includes('Off target')",
        arg=f"preview-{ident}",
    )
    page.reload()  # nothing was saved
    assert page.input_value(f"#id_i{ident}-total-201906-1") == "95.63%"


def test_overview_filters_work_without_javascript(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    sign_in(page, "s151")
    page.goto(page.base_url + reverse("overview:home") + "?period=2019/20+Q1")
    page.select_option("#organisation", "LBN")
    page.click("button:has-text('Show')")
    assert "organisation=LBN" in page.url
    text = page.locator("main").inner_text()
    assert "98.54%" in text and "Amber" in text
    context.close()


def test_performance_team_builds_a_pack_and_reads_it_in_the_browser(page, world):
    sign_in(page, "performance")
    page.goto(page.base_url + reverse("packs:list"))
    for label in ("PDF (tagged, accessible)", "Word"):
        page.uncheck(f"label:has-text('{label}') >> xpath=preceding-sibling::input")
    page.click("button:has-text('Build pack')")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert page.locator("h1").count() == 1
    screenshot(page, "performance-pack")
    assert_accessible(page)
    page.click("text=Read the pack in the browser")
    assert "Exception reports" in page.locator("body").inner_text()
    assert page.locator("h1").count() == 1
    screenshot(page, "pack-html")
    assert_accessible(page)


def test_a_pack_built_in_the_background_appears_on_its_page_by_itself(page, world, settings):
    """With the database queue, as installed: the pack's page waits (and passes axe),
    then shows the files once the worker has built them, without being reloaded."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sign_in(page, "performance")
    page.goto(page.base_url + reverse("packs:list"))
    for label in ("PDF (tagged, accessible)", "Word"):
        page.uncheck(f"label:has-text('{label}') >> xpath=preceding-sibling::input")
    page.click("button:has-text('Build pack')")
    status = page.locator("[role=status]")
    assert "Waiting to be built" in status.inner_text()
    screenshot(page, "performance-pack-waiting")
    assert_accessible(page)
    page.evaluate("window.notReloaded = true")
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    status.locator("text=Read the pack in the browser").wait_for(timeout=15_000)
    assert page.evaluate("window.notReloaded") is True  # the files came in place
    assert "Download Excel" in status.inner_text() and "Waiting" not in status.inner_text()
    screenshot(page, "performance-pack-built")
    assert_accessible(page)


def test_a_readers_pages_fit_a_320_pixel_screen(page, world):
    """The overview's and an indicator's wide tables scroll in their own box (which
    takes the keyboard focus); the page itself is no wider than the screen."""
    sign_in(page, "councillor.lbh")
    page.set_viewport_size({"width": 320, "height": 800})
    for url in (
        reverse("overview:home") + "?period=2019/20+Q1",
        reverse("indicators:detail", args=["EX-02"]) + "?period=2019/20+Q1",
    ):
        page.goto(page.base_url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        boxes = page.locator(".gt-table-scroll")
        assert boxes.count() >= 2
        assert boxes.first.get_attribute("tabindex") == "0"
        assert_accessible(page)
