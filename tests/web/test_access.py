"""Every page as every role: each council's people see and change only what is
theirs; a foreign or unknown id is "not found"; signing in is required."""

import pytest
from django.urls import reverse

ROLES = [
    "performance",
    "officer.lbh",
    "officer.lbn",
    "director",
    "director.legal",
    "councillor.lbh",
    "s151",
    "nobody",
]


def built_packs(world):
    """One pack for every council and one for Newham (HTML only: quick to build)."""
    from goldenthread.domain.periods import FinancialYear, Quarter
    from goldenthread.packs.models import Pack
    from goldenthread.packs.services import pack_build
    from goldenthread.reports.content import ExceptionRule

    if not Pack.objects.exists():
        for council in (None, world.lbn):
            pack_build(
                quarter=Quarter(FinancialYear(2019), 1),
                organisation=council,
                exception_rule=ExceptionRule.AMBER_AND_RED,
                formats=["html"],
                by=None,
            )
    every = Pack.objects.get(organisation=None)
    newham = Pack.objects.get(organisation=world.lbn)
    return every, newham


def pages(world):
    def ret(org, area):
        return reverse("returns:edit", args=[org.code, area.id, 2019, 1])

    every, newham = built_packs(world)
    return {
        "overview": reverse("overview:home") + "?period=2019/20+Q1",
        "overview LBN": reverse("overview:home") + "?period=2019/20+Q1&organisation=LBN",
        "progress": reverse("overview:progress") + "?period=2019/20+Q1",
        "register": reverse("indicators:list"),
        "indicator": reverse("indicators:detail", args=["EX-02"]) + "?period=2019/20+Q1",
        "returns": reverse("returns:list") + "?period=2019/20+Q1",
        "return LBH benefits": ret(world.lbh, world.benefits),
        "return LBN payroll": ret(world.lbn, world.payroll),
        "return LBN benefits": ret(world.lbn, world.benefits),  # HB applies to LBH only
        "unknown council": reverse("returns:edit", args=["XXX", world.payroll.id, 2019, 1]),
        "unknown service area": reverse("returns:edit", args=["LBN", 999999, 2019, 1]),
        "unknown indicator": reverse("indicators:detail", args=["NOPE-1"]),
        "targets": reverse("indicators:targets", args=["EX-02", 2019]),
        "new indicator": reverse("indicators:new"),
        "change indicator": reverse("indicators:edit", args=["EX-02"]),
        "change unknown indicator": reverse("indicators:edit", args=["NOPE-1"]),
        "organisations": reverse("organisations:structure"),
        "change organisation": reverse("organisations:edit", args=["organisation", world.lbn.id]),
        "new service area": reverse("organisations:new", args=["service-area"]),
        "unknown kind": reverse("organisations:new", args=["planet"]),
        "people": reverse("people:list"),
        "new person": reverse("people:new"),
        "change person": reverse("people:edit", args=[world.users["officer.lbn"].id]),
        "unknown person": reverse("people:edit", args=[999999]),
        "admin": reverse("admin:index"),
        "audit log": reverse("audit:events"),
        "packs": reverse("packs:list"),
        "pack for every council": reverse("packs:detail", args=[every.pk]),
        "pack for every council, HTML": reverse("packs:file", args=[every.pk, "html"]),
        "pack LBN": reverse("packs:detail", args=[newham.pk]),
        "pack LBN, HTML": reverse("packs:file", args=[newham.pk, "html"]),
        "pack LBN, PDF not built": reverse("packs:file", args=[newham.pk, "pdf"]),
        "unknown pack": reverse("packs:detail", args=[999999]),
        "pack template, default used": reverse("packs:file", args=[every.pk, "template"]),
        "default Word template": reverse("packs:default_template"),
        "return template LBH payroll": reverse(
            "returns:template", args=["LBH", world.payroll.id, 2019, 1]
        ),
        "return template LBN payroll": reverse(
            "returns:template", args=["LBN", world.payroll.id, 2019, 1]
        ),
        "return upload LBH payroll": reverse(
            "returns:import", args=["LBH", world.payroll.id, 2019, 1]
        ),
        "register spreadsheet": reverse("register_sheet:load"),
        "register export": reverse("register_sheet:export"),
    }


# What each role gets for each page (GET): 200 shown unless listed here;
# 404 not found (foreign or unknown), 403 forbidden, 302 to the admin's sign-in.
UNKNOWN = {
    "return LBN benefits": 404,  # housing benefits applies to Havering only
    "unknown council": 404,
    "unknown service area": 404,
    "unknown indicator": 404,
    "change unknown indicator": 404,
    "unknown kind": 404,
    "unknown person": 404,
    "pack LBN, PDF not built": 404,
    "unknown pack": 404,
    "pack template, default used": 404,
}
TEAM_PAGES = [
    "targets",
    "new indicator",
    "change indicator",
    "change unknown indicator",
    "organisations",
    "change organisation",
    "new service area",
    "unknown kind",
    "people",
    "new person",
    "change person",
    "unknown person",
    "register spreadsheet",
    "register export",
    "default Word template",
    "audit log",
]
NOT_TEAM = {
    **UNKNOWN,
    **dict.fromkeys(TEAM_PAGES, 403),
    "admin": 302,
    "return upload LBH payroll": 403,  # sees the return, does not enter it
}
NOT_EVERY_COUNCIL = {"pack for every council": 404, "pack for every council, HTML": 404}
HAVERING_ONLY = {
    **NOT_TEAM,
    **NOT_EVERY_COUNCIL,
    "overview LBN": 404,
    "return LBN payroll": 404,
    "pack LBN": 404,
    "pack LBN, HTML": 404,
    "return template LBN payroll": 404,
}
HAVERING = {"return LBH benefits": 404, "return template LBH payroll": 404}
EXPECTED = {
    "performance": UNKNOWN,
    "officer.lbh": {**HAVERING_ONLY, "return upload LBH payroll": 200},
    "officer.lbn": {**NOT_TEAM, **NOT_EVERY_COUNCIL, **HAVERING, "return upload LBH payroll": 404},
    "director": NOT_TEAM,
    "director.legal": NOT_TEAM,
    "councillor.lbh": HAVERING_ONLY,
    "s151": NOT_TEAM,
    "nobody": {**HAVERING_ONLY, **HAVERING, "return upload LBH payroll": 404},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_as_every_role(client_for, world, role):
    client = client_for(role)
    for name, url in pages(world).items():
        expected = EXPECTED[role].get(name, 200)
        assert client.get(url).status_code == expected, f"{role} GET {name}"


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    for name, url in pages(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/sign-in/" in response["Location"] or "/admin/login/" in response["Location"], name


@pytest.mark.parametrize("role", ["councillor.lbh", "officer.lbh", "nobody"])
def test_newham_figures_never_reach_havering_people(client_for, world, role):
    client = client_for(role)
    for name, url in pages(world).items():
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            text = response.content.decode()
            assert "98.54" not in text and "95.63" not in text, (
                f"{role} saw Newham payroll on {name}"
            )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("officer.lbh", 404),
        ("councillor.lbh", 404),
        ("s151", 403),
        ("director", 403),
        ("officer.lbn", 302),
    ],
)
def test_only_the_service_officer_may_change_a_return(client_for, world, role, status):
    url = reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])
    response = client_for(role).post(url, {"version": 0, "action": "save"})
    assert response.status_code == status


def test_forms_need_a_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer.lbn"])
    url = reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])
    assert client.post(url, {"version": 0}).status_code == 403


def test_the_performance_team_keeps_house_in_the_admin_by_role_alone(client_for, world):
    user = world.users["performance"]
    assert not user.is_staff and not user.is_superuser
    client = client_for("performance")
    assert client.get(reverse("admin:index")).status_code == 200
    change = reverse("admin:indicators_indicator_change", args=[world.payroll_on_time.id])
    assert client.get(change).status_code == 200


@pytest.mark.parametrize("role", ["officer.lbh", "director", "s151"])
def test_other_roles_are_refused_the_admin(client_for, world, role):
    client = client_for(role)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert client.get(reverse("admin:indicators_indicator_changelist")).status_code == 302


def test_the_admin_signs_in_through_the_applications_sign_in_page(client, world):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "next=/admin/" in response.redirect_chain[-1][0]


@pytest.mark.parametrize("role", ["councillor.lbh", "officer.lbh"])
def test_havering_spreadsheets_hold_no_newham_figures(client_for, world, role):
    import io

    from openpyxl import load_workbook

    url = reverse("returns:template", args=["LBH", world.payroll.id, 2019, 1])
    book = load_workbook(io.BytesIO(client_for(role).get(url + "?whole=directorate").content))
    values = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
    assert not any("95.63" in v or "99.99" in v or "LBN" in v for v in values)
