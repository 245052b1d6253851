"""Every page reflows on a 320 px wide screen (WCAG 1.4.10). A 1280 px window
zoomed to 400% lays pages out in 320 CSS pixels, so this also covers the zoom.
The page itself is never wider than the screen: a wide table scrolls inside
its own region, which takes the keyboard focus and has a label.

`PAGES` names every page of the application and who opens it; `NOT_PAGES`
names every other address (downloads, form targets, the admin site) with the
reason it is not measured. A new address fails `test_every_address_is_listed`
until it is placed in one of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Q1 = "?period=2019/20+Q1"

# name: (who opens it, its address in the test world)
PAGES: dict[str, tuple[str, Callable[[object], str]]] = {
    "overview:home": ("councillor.lbh", lambda w: reverse("overview:home") + Q1),
    "overview:progress": ("performance", lambda w: reverse("overview:progress") + Q1),
    "returns:list": ("officer.lbn", lambda w: reverse("returns:list") + Q1),
    "submissions:awaiting": ("director", lambda w: reverse("submissions:awaiting")),
    "returns:edit": (
        "officer.lbn",
        lambda w: reverse("returns:edit", args=["LBN", w.payroll.id, 2019, 1]),
    ),
    "returns:import": (
        "officer.lbn",
        lambda w: reverse("returns:import", args=["LBN", w.payroll.id, 2019, 1]),
    ),
    "register_sheet:load": ("performance", lambda w: reverse("register_sheet:load")),
    "indicators:list": ("performance", lambda w: reverse("indicators:list")),
    "help:glossary": ("councillor.lbh", lambda w: reverse("help:glossary")),
    "indicators:new": ("performance", lambda w: reverse("indicators:new")),
    "indicators:detail": (
        "councillor.lbh",
        lambda w: reverse("indicators:detail", args=["EX-02"]) + Q1,
    ),
    "indicators:edit": ("performance", lambda w: reverse("indicators:edit", args=["EX-02"])),
    "indicators:targets": (
        "performance",
        lambda w: reverse("indicators:targets", args=["EX-02", 2019]),
    ),
    "organisations:structure": ("performance", lambda w: reverse("organisations:structure")),
    "organisations:new": (
        "performance",
        lambda w: reverse("organisations:new", args=["service-area"]),
    ),
    "organisations:edit": (
        "performance",
        lambda w: reverse("organisations:edit", args=["organisation", w.lbn.id]),
    ),
    "people:list": ("performance", lambda w: reverse("people:list")),
    "people:new": ("performance", lambda w: reverse("people:new")),
    "people:edit": (
        "performance",
        lambda w: reverse("people:edit", args=[w.users["officer.lbn"].id]),
    ),
    "packs:list": ("performance", lambda w: reverse("packs:list")),
    "packs:detail": ("performance", lambda w: reverse("packs:detail", args=[w.pack.id])),
    "packs:file": (  # the pack to read in the browser: its other formats are downloads
        "performance",
        lambda w: reverse("packs:file", args=[w.pack.id, "html"]),
    ),
    "audit:events": ("performance", lambda w: reverse("audit:events")),
    "mfa:manage": ("performance", lambda w: reverse("mfa:manage")),
    "mfa:recovery_codes": ("performance", lambda w: reverse("mfa:recovery_codes")),
    "mfa:reset": (
        "performance",
        lambda w: reverse("mfa:reset", args=[w.users["director"].id]),
    ),
    "reporting:settings": ("performance", lambda w: reverse("reporting:settings")),
    "schemes:list": ("performance", lambda w: reverse("schemes:list")),
    "schemes:new": ("performance", lambda w: reverse("schemes:new") + "?from=rag"),
    "schemes:edit": ("performance", lambda w: reverse("schemes:edit", args=[_scheme()])),
    "schemes:delete": ("performance", lambda w: reverse("schemes:delete", args=[_scheme()])),
    "plan:register": ("councillor.lbh", lambda w: _plan(w) and reverse("plan:register")),
    "plan:action": ("performance", lambda w: _plan(w) and reverse("plan:action", args=["IP01"])),
    "plan:new": ("performance", lambda w: reverse("plan:new")),
    "plan:edit": ("performance", lambda w: _plan(w) and reverse("plan:edit", args=["IP01"])),
    "plan:priority": ("councillor.lbh", lambda w: _plan(w) and reverse("plan:priority", args=[1])),
    "plan:update": (
        "officer.lbh",
        lambda w: reverse("plan:update", args=[_plan(w)["LBH"].service_area_id, 2019, 3]),
    ),
    "plan:settings": ("performance", lambda w: reverse("plan:settings")),
    "plan_sheets:load": ("performance", lambda w: reverse("plan_sheets:load")),
    "plan_sheets:update": (
        "officer.lbh",
        lambda w: reverse("plan_sheets:update", args=[_plan(w)["LBH"].service_area_id, 2019, 3]),
    ),
    "risks_sheets:load": ("performance", lambda w: reverse("risks_sheets:load")),
    "risks:register": (
        "councillor.lbh",
        lambda w: _risks(w) and reverse("risks:register") + "?period=2019/20+Q2",
    ),
    "risks:risk": ("officer.lbh", lambda w: reverse("risks:risk", args=[_risks(w)["LBH"]])),
    "risks:new": ("performance", lambda w: reverse("risks:new")),
    "risks:edit": ("performance", lambda w: reverse("risks:edit", args=[_risks(w)["LBH"]])),
    "risks:settings": ("performance", lambda w: reverse("risks:settings")),
    "risks:review": (
        "officer.lbh",
        lambda w: _risks(w) and reverse("risks:review", args=["LBH", w.payroll.id, 2019, 3]),
    ),
    "finance:index": ("councillor.lbh", lambda w: _finance(w) and reverse("finance:index")),
    "finance:position": (
        "councillor.lbh",
        lambda w: _finance(w) and reverse("finance:position", args=[2019, 5]),
    ),
    "finance:cost_share": (
        "performance",
        lambda w: _finance(w) and reverse("finance:cost_share", args=[2019, 5]),
    ),
    "finance:reserves": (
        "s151",
        lambda w: _finance(w) and reverse("finance:reserves", args=[2019]),
    ),
    "finance:savings": ("s151", lambda w: _finance(w) and reverse("finance:savings", args=[2019])),
    "finance:line": (
        "performance",
        lambda w: _finance(w) and reverse("finance:line", args=["SH1"]),
    ),
    "finance:forecast": (
        "performance",
        lambda w: _finance(w) and reverse("finance:forecast", args=[2019, 5]),
    ),
    "finance:import": (
        "performance",
        lambda w: _finance(w) and reverse("finance:import", args=[2019, 5]),
    ),
    "login": ("", lambda w: reverse("login")),
}


def _plan(world):
    """The test world's two plans (tests/web/test_plan_pages.py), made once."""
    from tests.web.test_plan_pages import plan_world

    return plan_world(world)


def _risks(world):
    """Each council's risk references (tests/web/test_risk_pages.py), made once."""
    from tests.web.test_risk_pages import risk_world

    return {code: risk.reference for code, risk in risk_world(world).items()}


def _finance(world):
    """Budget monitoring's shared service in the test world (tests/finance/test_pages.py)."""
    from tests.finance.test_pages import finance_in

    return finance_in(world)


def _scheme() -> str:
    """A team scheme to open (issue 17's "Green within 5%"), saved once."""
    from goldenthread.schemes.models import StatusScheme
    from goldenthread.schemes.services import scheme_save

    if not StatusScheme.objects.filter(key="green-within-5").exists():
        rows = [{"label": "Green", "within": "5%"}, {"label": "Amber", "within": "10%"}]
        rows.append({"label": "Red"})
        scheme_save(
            key="green-within-5", name="Green within 5%", statuses=rows, version=None, by=None
        )
    return "green-within-5"


NOT_PAGES = {
    "returns:preview": "a fragment of the return page, drawn inside it",
    "returns:decide": "the sign-off form's target: a GET leads to the return page",
    "plan:decide": "the sign-off form's target: a GET leads to the plan update page",
    "risks:decide": "the sign-off form's target: a GET leads to the risk review page",
    "plan:milestone_add": "a form's target on the action page (POST only)",
    "plan:milestone_change": "a form's target on the action page (POST only)",
    **{
        f"risks:{name}": "a form's target on the risk page (POST only)"
        for name in ("control_add", "control_change", "action_add", "action_change")
    },
    "returns:template": "a spreadsheet download",
    "register_sheet:export": "a spreadsheet download",
    "plan_sheets:export": "a spreadsheet download",
    "plan_sheets:update_template": "a spreadsheet download",
    "plan_sheets:table": "a table download (CSV or Excel)",
    "risks_sheets:export": "a spreadsheet download",
    "risks_sheets:table": "a table download (CSV or Excel)",
    "overview_exports:figures": "a table download (CSV or Excel)",
    "overview_exports:summary": "a table download (CSV or Excel)",
    "overview_exports:progress": "a table download (CSV or Excel)",
    "overview_exports:indicator": "a table download (CSV or Excel)",
    "register_export:table": "a table download (CSV or Excel)",
    "packs:default_template": "a Word download",
    "mfa:verify": "shown during sign-in, measured in test_the_second_factor_pages_fit",
    "mfa:setup": "shown during sign-in, measured in test_the_second_factor_pages_fit",
    "finance:decide": "the sign-off form's target: a GET leads to the forecast page",
    "finance:template": "a spreadsheet download",
    "finance:position_export": "a table download (CSV or Excel)",
    "finance:cost_share_export": "a table download (CSV or Excel)",
    "logout": "a POST that signs out and redirects",
}


def _addresses(patterns, namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's own admin site, with its own responsive layout
            yield from _addresses(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_address_is_listed():
    addresses = set(_addresses(get_resolver().url_patterns))
    listed = set(PAGES) | set(NOT_PAGES)
    assert not addresses - listed, f"place these in PAGES or NOT_PAGES: {addresses - listed}"
    assert not listed - addresses, f"no longer addresses: {listed - addresses}"


# the elements reaching furthest past the screen's right edge, for the message
_WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 320
    && !(e.parentElement && e.parentElement.closest('.gt-table-scroll')))
  .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
  .slice(0, 3)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def _misfits(page, name: str) -> list[str]:
    """What keeps the page from fitting a 320 px screen (nothing, if it fits)."""
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 320:
        wide = page.evaluate(_WIDEST)
        problems.append(f"{name} is {width} px wide at 320: {wide}")
    for box in page.locator(".gt-table-scroll").all():
        if not (
            box.get_attribute("tabindex") == "0"
            and box.get_attribute("role") == "region"
            and box.get_attribute("aria-label")
        ):
            problems.append(f"{name}: a scrolling table without tabindex, role or label")
    return problems


def test_every_page_fits_a_320_pixel_screen(page, world):
    world.pack = _a_pack(world)
    by_person: dict[str, list[str]] = {}
    for name, (person, _) in PAGES.items():
        by_person.setdefault(person, []).append(name)
    problems = []
    for person, names in by_person.items():
        page.context.clear_cookies()
        if person:
            sign_in(page, person)
        page.set_viewport_size({"width": 320, "height": 800})
        for name in names:
            page.goto(page.base_url + PAGES[name][1](world))
            assert page.locator("h1").count() == 1, name
            screenshot(page, f"320-{name.replace(':', '-')}")
            problems += _misfits(page, name)
            assert_accessible(page)
        page.set_viewport_size({"width": 1280, "height": 900})
    assert not problems, "\n".join(problems)


def test_the_second_factor_pages_fit(page, world):
    """Setting up an authenticator app and typing its code, as a new director does."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(page.base_url + reverse("login"))
    page.fill("#id_username", "director")
    page.fill("#id_password", _password())
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/second-factor/**")
    screenshot(page, "320-mfa-setup")
    assert not _misfits(page, "mfa:setup")
    assert_accessible(page)


def _password() -> str:
    from tests.web.conftest import PASSWORD

    return PASSWORD


def _a_pack(world):
    from goldenthread.domain.periods import FinancialYear, Quarter
    from goldenthread.packs.services import pack_build
    from goldenthread.reports.content import ExceptionRule

    return pack_build(
        quarter=Quarter(FinancialYear(2019), 1),
        organisation=None,
        exception_rule=ExceptionRule.AMBER_AND_RED,
        formats=["html"],
        by=world.users["performance"],
    ).pack
