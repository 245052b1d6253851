"""An approved quarter stays approved (issue 16): a register change that would
change the indicators of an approved return is refused, in the form, the
register spreadsheet and the `register` command, naming the return and the
date the change could take effect from; a new indicator from Q2 leaves Q1's
overview and pack as they were."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from tests.factories import ReturnFactory
from tests.web.test_register import indicator_form
from tests.web.test_spreadsheet_register import column, edited, preview_of, row_of

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.indicators.bulk import RegisterRefused
from goldenthread.indicators.models import Indicator, IndicatorOrganisation
from goldenthread.indicators.register_sheet import register_workbook
from goldenthread.packs.performance import pack_indicators
from goldenthread.returns.selectors import applicable_indicators
from goldenthread.submissions.models import SubmissionStatus

Q1 = Quarter(FinancialYear(2019), 1)
Q2 = Quarter(FinancialYear(2019), 2)
REFUSED = (
    "2019/20 Q1 Payroll for LBH is approved: reopen it, "
    "or make the change take effect from 1 July 2019"
)


@pytest.fixture
def approved(world):
    """Q1's Payroll return for LBH is approved."""
    return ReturnFactory(
        organisation=world.lbh,
        service_area=world.payroll,
        year=2019,
        quarter=1,
        status=SubmissionStatus.APPROVED,
    )


def payroll_q1(world):
    return sorted(
        i.reference
        for i in applicable_indicators(Q1, organisation=world.lbh, service_area_id=world.payroll.id)
    )


def test_a_new_indicator_starts_after_the_approved_quarter_and_leaves_q1_alone(
    client_for, world, approved
):
    client = client_for("performance")
    client.get(reverse("overview:home"))  # the flash message "EX-99 ... saved" is read
    form = client.get(reverse("indicators:new")).context["form"]
    assert form["effective_from"].value() == datetime.date(2019, 7, 1)  # shown on the form
    data = indicator_form(world, organisations=[world.lbh.id], effective_from="2019-07-01")
    assert client.post(reverse("indicators:new"), data).status_code == 302
    client.get(reverse("indicators:list"))  # shows the "saved" message
    assert payroll_q1(world) == ["EX-02"]
    q2 = applicable_indicators(Q2, organisation=world.lbh, service_area_id=world.payroll.id)
    assert sorted(i.reference for i in q2) == ["EX-02", "EX-99"]
    assert "EX-99" not in [i.reference for i in pack_indicators(Q1)]
    assert "EX-99" in [i.reference for i in pack_indicators(Q2)]
    overview = client.get(reverse("overview:home") + "?period=2019/20+Q1").content.decode()
    assert "payments made on time" in overview and "Payroll queries answered" not in overview
    page = client.get(reverse("returns:edit", args=["LBH", world.payroll.id, 2019, 1]))
    assert "EX-02" in page.content.decode() and "EX-99" not in page.content.decode()
    q2_page = client.get(reverse("returns:edit", args=["LBH", world.payroll.id, 2019, 2]))
    assert "EX-99" in q2_page.content.decode()


def test_the_form_refuses_a_new_indicator_reaching_into_the_approved_quarter(
    client_for, world, approved
):
    client = client_for("performance")
    data = indicator_form(world, organisations=[world.lbh.id], effective_from="")
    response = client.post(reverse("indicators:new"), data)
    text = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert REFUSED in text and 'href="#id_effective_from"' in text
    assert not Indicator.objects.filter(reference="EX-99").exists()
    # another council's approved return is not this one's business
    ok = indicator_form(world, organisations=[world.lbn.id], effective_from="")
    assert client.post(reverse("indicators:new"), ok).status_code == 302


def edit_data(client, world, reference="EX-02"):
    form = client.get(reverse("indicators:edit", args=[reference])).context["form"]
    data = {n: form[n].value() for n in form.fields}
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_the_form_refuses_retiring_or_removing_a_council_inside_the_approved_quarter(
    client_for, world, approved
):
    client = client_for("performance")
    url = reverse("indicators:edit", args=["EX-02"])
    data = edit_data(client, world)
    assert data["councils_from"] == datetime.date(2019, 7, 1)
    for change in (
        {"retired_on": "2019-04-01"},  # retired from Q1's first day: gone from Q1
        {"effective_from": "2019-07-01"},  # starting later: gone from Q1
        {"organisations": [world.lbn.id], "councils_from": "2019-04-01"},
    ):
        response = client.post(url, {**data, **change})
        assert response.status_code == 400, change
        assert REFUSED in response.content.decode().replace("&#x27;", "'")
    assert payroll_q1(world) == ["EX-02"]
    # taking effect from 1 July: allowed, and Q1 keeps LBH's link (its row ends, not deleted)
    response = client.post(url, {**data, "organisations": [world.lbn.id]})
    assert response.status_code == 302
    link = IndicatorOrganisation.objects.get(indicator__reference="EX-02", organisation=world.lbh)
    assert link.retired_on == datetime.date(2019, 7, 1)
    assert payroll_q1(world) == ["EX-02"]
    assert not applicable_indicators(Q2, organisation=world.lbh, service_area_id=world.payroll.id)
    assert (
        client.post(url, {**edit_data(client, world), "retired_on": "2019-07-01"}).status_code
        == 302
    )


def test_the_spreadsheet_refuses_a_change_into_the_approved_quarter_with_its_place(world, approved):
    content = register_workbook()

    def retire(sheet):
        sheet.cell(row_of(sheet, "EX-02"), column(sheet, "Retired on")).value = "2019-04-01"

    with pytest.raises(RegisterRefused) as refused:
        preview_of(edited(content, retire))
    (problem,) = refused.value.problems
    assert problem.startswith("Register sheet, row ") and "(Retired on)" in problem
    assert REFUSED in problem

    def retire_later(sheet):
        sheet.cell(row_of(sheet, "EX-02"), column(sheet, "Retired on")).value = "2019-07-01"

    assert preview_of(edited(content, retire_later)).indicator_count("changed") == 1


def test_an_old_spreadsheet_without_effective_from_still_imports(world):
    content = register_workbook()

    def drop(sheet):
        sheet.delete_cols(column(sheet, "Effective from"))

    preview = preview_of(edited(content, drop))
    assert preview.indicator_count("unchanged") == 3


def test_the_command_refuses_it_too_and_saves_nothing(world, approved, tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    call_command("register", "export", "--out", str(path))

    def later_start(sheet):
        sheet.cell(row_of(sheet, "EX-02"), column(sheet, "Effective from")).value = "2019-08-01"

    path.write_bytes(edited(path.read_bytes(), later_start))
    with pytest.raises(CommandError) as refused:
        call_command("register", "import", str(path), "--apply", "--as", "performance")
    assert REFUSED in str(refused.value) + capsys.readouterr().err
    assert Indicator.objects.get(reference="EX-02").effective_from is None
