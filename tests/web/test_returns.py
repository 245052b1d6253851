"""A service officer's return: enter figures and commentary, submit; a director
signs off; approved figures are locked; two people saving at once."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.web.conftest import indicator, make_user

from goldenthread.people.models import Role
from goldenthread.returns.models import Commentary, Measurement, Return
from goldenthread.returns.services import StaleReturn, return_open, return_save


def page(world, organisation=None, area=None):
    organisation = organisation or world.lbn
    area = area or world.payroll
    return reverse("returns:edit", args=[organisation.code, area.id, 2019, 1])


def decision(world):
    return reverse("returns:decide", args=["LBN", world.payroll.id, 2019, 1])


def key(world, month):
    return f"i{world.payroll_on_time.id}-total-2019{month:02d}-1"


def payroll_form(world, *, version=0, june="95.63%", reasons="", action="save"):
    return {
        "version": version,
        key(world, 4): "99.99%",
        key(world, 5): "99.99",
        key(world, 6): june,
        f"i{world.payroll_on_time.id}-reasons": reasons,
        f"i{world.payroll_on_time.id}-difference": "",
        f"i{world.payroll_on_time.id}-remedial_actions": "",
        "action": action,
    }


def test_the_page_shows_the_quarter_figure_status_and_direction(client_for, world):
    response = client_for("officer.lbn").get(page(world))
    text = response.content.decode()
    assert response.status_code == 200
    assert "98.54%" in text and "Amber" in text
    assert "Commentary (required: off target)" in text


def test_save_then_submit_needs_commentary_for_an_amber_figure(client_for, world):
    client = client_for("officer.lbn")
    response = client.post(page(world), payroll_form(world, action="submit"), follow=True)
    text = response.content.decode()
    assert "Add commentary for every indicator off target" in text
    assert "EX-02" in text
    return_ = Return.objects.get()
    assert return_.status == "draft"
    response = client.post(
        page(world),
        payroll_form(
            world, version=return_.version, reasons="BACS run failed on 28 June", action="submit"
        ),
        follow=True,
    )
    assert "Return submitted for sign-off." in response.content.decode()
    return_.refresh_from_db()
    assert return_.status == "submitted"
    assert Commentary.objects.get().reasons == "BACS run failed on 28 June"


def test_bad_figures_are_named_and_kept_and_nothing_is_saved(client_for, world):
    client = client_for("officer.lbn")
    before = list(Measurement.objects.values_list("amount", flat=True))
    response = client.post(page(world), payroll_form(world, june="ninety"))
    text = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in text
    assert f'href="#id_{key(world, 6)}"' in text  # the summary links to the field
    assert "Jun-19" in text and 'value="ninety"' in text  # the officer's entry is kept
    assert list(Measurement.objects.values_list("amount", flat=True)) == before


def test_a_figure_in_the_wrong_unit_is_refused(client_for, world):
    response = client_for("officer.lbn").post(page(world), payroll_form(world, june="22 days"))
    assert "enter a figure in %" in response.content.decode()


def test_saving_the_same_figures_twice_changes_nothing(client_for, world):
    client = client_for("officer.lbn")
    client.post(page(world), payroll_form(world))
    history = Measurement.history.count()
    version = Return.objects.get().version
    response = client.post(page(world), payroll_form(world, version=version), follow=True)
    assert "Return saved (0 changes)." in response.content.decode()
    assert Measurement.history.count() == history


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(client_for, world):
    client = client_for("officer.lbn")
    client.post(page(world), payroll_form(world))  # version 0 -> 1
    stale = client.post(page(world), payroll_form(world, version=0, june="96.00%"))
    text = stale.content.decode()
    assert "Someone else saved this return" in text
    assert 'value="96.00%"' in text
    june = Measurement.objects.get(indicator=world.payroll_on_time, start__month=6)
    assert f"{june.amount:.2f}" == "95.63"


class ReturnFormFields(HTMLParser):
    """What a browser would post from the return page's form: its named inputs
    and text areas as the page holds them (not the buttons)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_form = False
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "hx-post" in attrs:  # the return form (not sign-off or sign-out)
            self.in_form = True
        elif self.in_form and tag == "input" and attrs.get("name") and "disabled" not in attrs:
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif self.in_form and tag == "textarea":
            self.textarea = attrs["name"]
            self.values[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def on_the_page(response, action="save"):
    """The return form as the page shows it, ready to post back."""
    fields = ReturnFormFields()
    fields.feed(response.content.decode())
    assert fields.values, "the page has no return form"
    return {**fields.values, "action": action}


@pytest.fixture
def two_officers(world):
    """Two browsers on Newham's payroll return: officer.lbn's and a colleague's."""
    colleague = make_user(
        "colleague.lbn",
        Role.SERVICE_OFFICER,
        organisations=[world.lbn],
        service_areas=[world.payroll],
    )
    first, second = Client(), Client()
    first.force_login(colleague)
    second.force_login(world.users["officer.lbn"])
    return first, second


def stored(world, month):
    row = Measurement.objects.get(indicator=world.payroll_on_time, start__month=month)
    return f"{row.amount:.2f}"


def test_a_refused_save_shows_the_colleagues_figures_and_saving_again_keeps_both(
    world, two_officers
):
    colleague, officer = two_officers
    theirs = on_the_page(colleague.get(page(world)))
    mine = on_the_page(officer.get(page(world)))  # both open the page at version 0
    theirs[key(world, 4)] = "50.00%"
    assert colleague.post(page(world), theirs).status_code == 302

    mine[key(world, 5)] = "60.00%"
    refused = officer.post(page(world), mine)
    text = refused.content.decode()
    saved_at = timezone.localtime(Return.objects.get().updated_at)
    assert refused.status_code == 400
    assert (
        f"Someone else saved this return at {saved_at:%H:%M}: "
        "their figures are shown beside yours" in text
    )
    assert "Saved by colleague.lbn: 50.00%" in text  # their April beside
    assert stored(world, 4) == "50.00" and stored(world, 5) == "99.99"  # nothing of mine yet

    again = on_the_page(refused)  # what the page now holds
    assert again[key(world, 4)] == "50.00%"  # I had not touched April: theirs is kept
    assert again[key(world, 5)] == "60.00%"  # my May is kept
    saved = officer.post(page(world), again, follow=True)
    assert "Return saved (1 change)." in saved.content.decode()
    assert (stored(world, 4), stored(world, 5), stored(world, 6)) == ("50.00", "60.00", "95.63")


def test_where_both_changed_a_figure_mine_stays_in_the_box_and_theirs_is_beside_it(
    world, two_officers
):
    colleague, officer = two_officers
    theirs = on_the_page(colleague.get(page(world)))
    mine = on_the_page(officer.get(page(world)))
    theirs[key(world, 6)] = "97.00%"
    colleague.post(page(world), theirs)
    mine[key(world, 6)] = "96.00%"
    refused = officer.post(page(world), mine)
    text = refused.content.decode()
    assert "Saved by colleague.lbn: 97.00%" in text
    again = on_the_page(refused)
    assert again[key(world, 6)] == "96.00%"
    assert stored(world, 6) == "97.00"
    officer.post(page(world), again)  # seen theirs, kept mine
    assert stored(world, 6) == "96.00"


def test_commentary_each_changed_by_one_person_is_merged(world, two_officers):
    colleague, officer = two_officers
    ident = world.payroll_on_time.id
    theirs = on_the_page(colleague.get(page(world)))
    mine = on_the_page(officer.get(page(world)))
    theirs[f"i{ident}-reasons"] = "BACS run failed on 28 June"
    colleague.post(page(world), theirs)
    mine[f"i{ident}-remedial_actions"] = "A second BACS run is booked"
    mine[key(world, 6)] = "96.00%"
    refused = officer.post(page(world), mine)
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "Saved by colleague.lbn:" in text and "BACS run failed on 28 June" in text
    again = on_the_page(refused)
    assert again[f"i{ident}-reasons"] == "BACS run failed on 28 June"
    assert again[f"i{ident}-remedial_actions"] == "A second BACS run is booked"
    officer.post(page(world), again)
    note = Commentary.objects.get()
    assert note.reasons == "BACS run failed on 28 June"
    assert note.remedial_actions == "A second BACS run is booked"
    assert stored(world, 6) == "96.00"


def test_a_figure_retyped_as_it_was_counts_as_untouched(world, two_officers):
    colleague, officer = two_officers
    theirs = on_the_page(colleague.get(page(world)))
    mine = on_the_page(officer.get(page(world)))
    theirs[key(world, 4)] = "50.00%"
    colleague.post(page(world), theirs)
    mine[key(world, 4)] = " 99.99 "  # the figure the page showed (99.99%), retyped
    again = on_the_page(officer.post(page(world), mine))
    assert again[key(world, 4)] == "50.00%"
    officer.post(page(world), again)
    assert stored(world, 4) == "50.00"


def test_a_ratio_figure_is_kept_or_taken_with_its_numerator_and_denominator(world, two_officers):
    rate = indicator(
        "EX-09",
        "Payslips corrected",
        world.payroll,
        unit="%",
        polarity="down",
        aggregation="ratio",
        decimals=1,
        organisations=[world.lbn],
        targets={},
    )
    april, may = (f"i{rate.id}-total-2019{m:02d}-1" for m in (4, 5))
    colleague, officer = two_officers
    theirs = on_the_page(colleague.get(page(world)))
    mine = on_the_page(officer.get(page(world)))
    theirs |= {april: "10.0%", f"{april}-num": "1", f"{april}-den": "10"}
    assert colleague.post(page(world), theirs).status_code == 302
    mine |= {may: "20.0%", f"{may}-num": "2", f"{may}-den": "10"}
    refused = officer.post(page(world), mine)
    assert "Saved by colleague.lbn: 1 (was blank)" in refused.content.decode()
    again = on_the_page(refused)
    assert (again[april], again[f"{april}-num"], again[f"{april}-den"]) == ("10.0%", "1", "10")
    officer.post(page(world), again)
    rows = Measurement.objects.filter(indicator=rate).order_by("start")
    assert [(r.amount, r.numerator, r.denominator) for r in rows] == [(10, 1, 10), (20, 2, 10)]


def test_a_save_changes_only_the_figures_this_person_changed(world, two_officers):
    """A figure changed elsewhere (here, straight in the database, as a spreadsheet of
    another quarter's return could for a yearly figure) is not put back by a save
    from a page that showed the old one, when this person did not touch it."""
    _, officer = two_officers
    mine = on_the_page(officer.get(page(world)))
    Measurement.objects.filter(indicator=world.payroll_on_time, start__month=4).update(
        amount="42.00"
    )
    mine[key(world, 5)] = "60.00%"
    officer.post(page(world), mine)
    assert (stored(world, 4), stored(world, 5)) == ("42.00", "60.00")


def test_a_tampered_record_of_what_was_loaded_is_not_trusted(world, two_officers):
    _, officer = two_officers
    mine = on_the_page(officer.get(page(world)))
    assert mine["loaded"]
    mine["loaded"] = mine["loaded"][:-3] + "xyz"
    mine[key(world, 5)] = "60.00%"
    Measurement.objects.filter(indicator=world.payroll_on_time, start__month=4).update(
        amount="42.00"
    )
    officer.post(page(world), mine)  # without a trusted record every field counts as typed
    assert (stored(world, 4), stored(world, 5)) == ("99.99", "60.00")


@pytest.mark.django_db(transaction=True)
def test_concurrent_save_in_the_service_is_refused(world):
    return_ = return_open(organisation=world.lbn, service_area=world.payroll, year=2019, quarter=1)
    other = Return.objects.get(pk=return_.pk)
    return_save(
        return_=return_,
        expected_version=0,
        entries=[],
        commentary=[],
        by=world.users["officer.lbn"],
    )
    with pytest.raises(StaleReturn):
        return_save(
            return_=other,
            expected_version=0,
            entries=[],
            commentary=[],
            by=world.users["performance"],
        )


def submitted(client_for, world):
    client = client_for("officer.lbn")
    client.post(page(world), payroll_form(world, reasons="BACS failure", action="submit"))
    return Return.objects.get()


def test_director_approves_and_figures_are_locked(client_for, world):
    return_ = submitted(client_for, world)
    director = client_for("director")
    director.post(decision(world), {"version": return_.version, "action": "approve"})
    return_.refresh_from_db()
    assert return_.status == "approved"
    officer = client_for("officer.lbn")
    response = officer.post(
        page(world), payroll_form(world, version=return_.version, june="50%"), follow=True
    )
    assert "cannot be changed unless it is reopened" in response.content.decode()
    june = Measurement.objects.get(indicator=world.payroll_on_time, start__month=6)
    assert f"{june.amount:.2f}" == "95.63"


def test_sending_back_and_reopening_need_a_reason_and_are_recorded(client_for, world):
    return_ = submitted(client_for, world)
    director = client_for("director")
    response = director.post(
        decision(world),
        {"version": return_.version, "action": "send-back", "reason": ""},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in text and 'href="#id_reason"' in text
    assert "Enter a reason for the service" in text
    director.post(decision(world), {"version": return_.version, "action": "approve"})
    return_.refresh_from_db()
    director.post(
        decision(world),
        {"version": return_.version, "action": "reopen", "reason": "June BACS figure corrected"},
    )
    return_.refresh_from_db()
    assert return_.status == "sent-back"
    assert return_.reason == "Reopened: June BACS figure corrected"
    statuses = list(
        return_.history.order_by("history_date").values_list("status", "history_user__username")
    )
    assert ("approved", "director") in statuses and statuses[-1] == ("sent-back", "director")


def test_a_director_of_another_directorate_cannot_sign_off(client_for, world):
    return_ = submitted(client_for, world)
    response = client_for("director.legal").post(
        decision(world), {"version": return_.version, "action": "approve"}
    )
    assert response.status_code == 403
    return_.refresh_from_db()
    assert return_.status == "submitted"


def test_changes_are_on_the_indicators_history(client_for, world):
    client_for("officer.lbn").post(page(world), payroll_form(world, june="96.10%"))
    text = (
        client_for("performance").get(reverse("indicators:detail", args=["EX-02"])).content.decode()
    )
    assert "Figure LBN Jun 2019" in text and "officer.lbn" in text
    assert "95.63" in text and "96.1" in text


def preview_url(world, organisation=None, area=None):
    return page(world, organisation, area).replace("/q1/", "/q1/preview/")


def test_the_preview_rates_what_is_typed_and_saves_nothing(client_for, world):
    before = sorted(Measurement.objects.values_list("start", "amount"))
    typed = {
        **payroll_form(world),
        key(world, 4): "100",
        key(world, 5): "100",
        key(world, 6): "100",
    }
    response = client_for("officer.lbn").post(preview_url(world), typed)
    text = response.content.decode()
    assert response.status_code == 200
    # 100% in every month meets the 100% target, where the saved June (95.63%) gave amber
    assert f'id="preview-{world.payroll_on_time.id}"' in text and 'hx-swap-oob="true"' in text
    assert "100.00%" in text and "Green" in text and "Off target" not in text
    assert sorted(Measurement.objects.values_list("start", "amount")) == before
    assert not Return.objects.exists()


def test_the_preview_asks_for_commentary_until_it_is_typed(client_for, world):
    client = client_for("officer.lbn")
    asked = client.post(preview_url(world), payroll_form(world)).content.decode()
    assert "98.54%" in asked and "Amber" in asked and "Off target: give the reasons" in asked
    given = client.post(preview_url(world), payroll_form(world, reasons="BACS run failed"))
    assert "Off target: give the reasons" not in given.content.decode()


def test_the_preview_names_what_cannot_be_read(client_for, world):
    response = client_for("officer.lbn").post(preview_url(world), payroll_form(world, june="lots"))
    text = response.content.decode()
    assert "cannot be worked out until this is corrected" in text and "Jun-19" in text


@pytest.mark.parametrize(
    ("role", "status"), [("s151", 403), ("officer.lbh", 404), ("director", 403)]
)
def test_only_the_officer_may_preview(client_for, world, role, status):
    response = client_for(role).post(preview_url(world), payroll_form(world))
    assert response.status_code == status


def test_the_preview_is_posted_not_fetched(client_for, world):
    assert client_for("officer.lbn").get(preview_url(world)).status_code == 405
