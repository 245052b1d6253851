"""The return page in Chromium (issue 16): a figure that is no number is marked
on its own field as it is typed, and unmarked once corrected; an indicator that
goes off target as it is typed opens its commentary, and the preview's link
leads to the field; a return that cannot be changed is shown as text. Axe finds
nothing, and each fits a 320 px screen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in

from goldenthread.domain.lifecycle import Action
from goldenthread.returns.models import Return
from goldenthread.submissions.services import submission_move

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def return_url(page, world, organisation="LBN"):
    return page.base_url + reverse("returns:edit", args=[organisation, world.payroll.id, 2019, 1])


def field(world, month):
    return f"#id_i{world.payroll_on_time.id}-total-2019{month:02d}-1"


def fits(page, width=320):
    page.set_viewport_size({"width": width, "height": 800})
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_figure_that_is_no_number_is_marked_on_its_field_as_it_is_typed(page, world):
    sign_in(page, "officer.lbn")
    page.goto(return_url(page, world))
    june = field(world, 6)
    mark = page.locator(f"{june}-mark")
    page.fill(june, "lots")
    page.wait_for_selector(f"{june}.govuk-input--error")
    assert " ".join(mark.inner_text().split()) == "Error: Enter a number, like 12 or 12.5, or n/a"
    group = page.locator(f"{june} >> xpath=ancestor::div[contains(@class, 'govuk-form-group')]")
    assert "govuk-form-group--error" in group.get_attribute("class")
    assert page.get_attribute(june, "aria-invalid") == "true"
    assert f"{june[1:]}-mark" in page.get_attribute(june, "aria-describedby")
    assert "cannot be worked out until this is corrected" in page.inner_text(
        f"#preview-{world.payroll_on_time.id}"
    )
    assert_accessible(page)
    screenshot(page, "officer-return-typing-mark")
    page.fill(june, "96.10%")
    page.wait_for_selector(f"{june}:not(.govuk-input--error)")
    assert mark.inner_text().strip() == ""
    assert "govuk-form-group--error" not in group.get_attribute("class")
    assert page.get_attribute(june, "aria-invalid") is None


def test_going_off_target_opens_the_commentary_and_the_link_leads_to_it(page, world):
    sign_in(page, "officer.lbh")
    page.goto(return_url(page, world, "LBH"))  # nothing saved: the commentary is closed
    ident = world.payroll_on_time.id
    commentary = page.locator(f"#commentary-{ident}")
    assert commentary.get_attribute("open") is None
    for month in (4, 5, 6):
        page.fill(field(world, month), "50%")
    ask = page.locator(f"#preview-{ident} .gt-preview__ask")
    ask.wait_for()
    # red, by the team's default rules: the reasons and the remedial actions
    assert "give the reasons and the remedial actions below" in ask.inner_text()
    page.wait_for_selector(f"#commentary-{ident}[open]")
    ask.locator("a").click()
    assert page.evaluate("document.activeElement.id") == f"id_i{ident}-reasons"
    assert page.is_visible(f"#id_i{ident}-reasons")
    assert_accessible(page)
    screenshot(page, "officer-return-commentary-opened")


def test_a_return_that_cannot_be_changed_is_text_that_fits_a_small_screen(page, world):
    return_ = Return.objects.create(
        organisation=world.lbn, service_area=world.payroll, year=2019, quarter=1
    )
    submission_move(return_, Action.SUBMIT, expected_version=0, by=world.users["officer.lbn"])
    sign_in(page, "director")
    page.goto(return_url(page, world))
    main = page.locator("main")
    assert page.locator("main input:not([type=hidden])").count() == 0
    assert page.locator("main [disabled]").count() == 0
    text = " ".join(main.inner_text().split())
    assert "Jun-19 95.63%" in text and "Previous quarter (2018/19 Q4)" in text
    assert "Remedial actions None given" in text
    assert_accessible(page)
    screenshot(page, "director-return-read-only")
    assert fits(page)
    assert_accessible(page)
    screenshot(page, "director-return-read-only-320")


def test_the_returns_list_and_an_unknown_page_fit_a_small_screen(page, world):
    sign_in(page, "officer.lbh")
    page.goto(page.base_url + reverse("returns:list") + "?period=2019/20+Q1")
    assert "Overdue" in page.inner_text("main")
    assert_accessible(page)
    screenshot(page, "officer-returns-list")
    assert fits(page)
    screenshot(page, "officer-returns-list-320")
    page.goto(page.base_url + "/returns/ZZZ/1/2019/q1/")
    assert page.inner_text("h1") == "Page not found"
    assert_accessible(page)
    assert fits(page)
    screenshot(page, "page-not-found-320")


def test_the_upload_preview_shows_each_quarter_once_saved(page, world, tmp_path):
    import io

    from openpyxl import load_workbook

    from goldenthread.domain.periods import FinancialYear, Quarter
    from goldenthread.returns.sheet_template import return_template

    made = return_template(
        organisation=world.lbn,
        service_areas=[world.payroll],
        quarter=Quarter(FinancialYear(2019), 1),
    )
    book = load_workbook(io.BytesIO(made.content))
    book["Return"]["J9"] = 50
    book["Commentary"]["F7"] = "BACS run failed on 28 June"
    filled = tmp_path / "LBN-payroll.xlsx"
    book.save(filled)
    sign_in(page, "officer.lbn")
    page.goto(page.base_url + reverse("returns:import", args=["LBN", world.payroll.id, 2019, 1]))
    page.set_input_files("#id_workbook", str(filled))
    page.click("button:has-text('Check the file')")
    results = " ".join(page.inner_text("table.gt-results").split())
    assert "EX-02 % of payroll payments made on time 83.33% Red" in results
    assert "Needed before submitting: the remedial actions" in results
    assert_accessible(page)
    screenshot(page, "officer-upload-preview")
    assert fits(page)
    assert_accessible(page)
    screenshot(page, "officer-upload-preview-320")
