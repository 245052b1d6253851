"""The access-control matrix: every URL pattern x method x role x council, and
every management command that acts for a person.

The matrix is generated from the URL configuration: a URL pattern (or one of
goldenthread's management commands) with no entry in ROUTES (or COMMANDS)
fails the suite, so a new page cannot arrive without saying who may use it.
What each role may do is written once, as rules (`expected`), not per cell.
A refused request changes nothing (the database is compared before and after)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.security_figures import record
from tests.web import test_access
from tests.web.conftest import sign_in_with_second_factor

from goldenthread.returns.models import Return, ReturnStatus

ANONYMOUS = "anonymous"
ROLES = [*test_access.ROLES, ANONYMOUS]
METHODS = ["GET", "POST", "PUT", "DELETE"]
# Which councils each role's people cover in the test world (tests/web/conftest.py).
COUNCILS = {
    "performance": {"LBH", "LBN"},
    "officer.lbh": {"LBH"},
    "officer.lbn": {"LBN"},
    "director": {"LBH", "LBN"},
    "director.legal": {"LBH", "LBN"},
    "councillor.lbh": {"LBH"},
    "s151": {"LBH", "LBN"},
    "nobody": set(),
    ANONYMOUS: set(),
}
ENTERS_PAYROLL = {"officer.lbh", "officer.lbn"}  # service officers for the Payroll area
SIGNS_OFF_PAYROLL = {"director"}  # Exchequer's director; director.legal is Legal's
SIGNS_OFF = {"director", "director.legal", "performance"}


@dataclass(frozen=True)
class Route:
    """How to make a pattern's URL for a council, and who may use it.

    kind:
      "read"      any signed-in person; GET only
      "council"   a council's page: GET for those who cover the council (else 404)
      "team"      the performance team's pages (others 403); GET, and POST for forms
      "enter"     a return's page: read by those who cover the council, saved (POST)
                  by its service officers (and the team)
      "preview"   the return page's live preview: POST only, for those who enter it
      "upload"    a return's spreadsheet upload: its service officers (and the team)
      "sign-off"  a return's sign-off: POST for its director (and the team); GET
                  leads to the return's page
      "awaiting"  what awaits a person's sign-off: GET and POST (approve several) for
                  directors and the team, whatever their directorates (others 403)
      "build"     the packs page: everyone reads, the team builds (POST)
      "own"       a person's own second factor: GET and POST for everyone signed in,
                  answered by what they have set up (tests/web/test_mfa.py checks each)
      "sign-in", "sign-out"
    """

    kind: str
    url: Callable[..., str]
    form: bool = False  # answers POST (a form), not only GET
    per_council: bool = False  # its URL names a council


def _return_args(world, code):
    return [code, world.payroll.id, 2019, 1]


def _pack(world, code):
    """A pack for one council (HTML only: quick to build)."""
    from goldenthread.domain.periods import FinancialYear, Quarter
    from goldenthread.packs.models import Pack
    from goldenthread.packs.services import pack_build
    from goldenthread.reports.content import ExceptionRule

    organisation = world.lbn if code == "LBN" else world.lbh
    pack = Pack.objects.filter(organisation=organisation).first()
    return (
        pack
        or pack_build(
            quarter=Quarter(FinancialYear(2019), 1),
            organisation=organisation,
            exception_rule=ExceptionRule.AMBER_AND_RED,
            formats=["html"],
            by=None,
        ).pack
    )


def _scheme() -> str:
    """A team scheme (issue 17's "Green within 5%"), saved if it is not there."""
    from goldenthread.schemes.models import StatusScheme
    from goldenthread.schemes.services import scheme_save

    if not StatusScheme.objects.filter(key="green-within-5").exists():
        rows = [{"label": "Green", "within": "5%"}, {"label": "Amber", "within": "10%"}]
        rows.append({"label": "Red"})
        scheme_save(
            key="green-within-5", name="Green within 5%", statuses=rows, version=None, by=None
        )
    return "green-within-5"


def _plan_action(world, code):
    """Havering's plan action for LBH, Newham's for LBN (tests/web/test_plan_pages.py)."""
    from tests.web.test_plan_pages import plan_world

    plan_world(world)
    return "IP01" if code == "LBH" else "IP03"


def _plan_args(world, code):
    """The plan update of Havering's plan (Payroll) or Newham's (Housing Benefits), Q3."""
    from tests.web.test_plan_pages import plan_world

    return [plan_world(world)[code].service_area_id, 2019, 3]


def _milestone(world, code):
    """A milestone of the council's plan action: [its action's reference, its id]."""
    from goldenthread.plan.models import Action, Milestone

    action = Action.objects.get(reference=_plan_action(world, code))
    found = action.milestones.first() or Milestone.objects.create(
        action=action, title="Strategy to Cabinet", due=datetime.date(2019, 12, 31)
    )
    return [action.reference, found.pk]


def _risk(world, code, what=""):
    """A risk on each council's register for Payroll (tests/web/test_risk_pages.py):
    its reference, or its control's or further action's id."""
    from tests.web.test_risk_pages import risk_world

    risk = risk_world(world)[code]
    if what == "control":
        return [risk.reference, risk.controls.first().pk]
    if what == "action":
        return [risk.reference, risk.actions.first().pk]
    return [risk.reference]


def _finance(world, code):
    """Budget monitoring's shared service in the test world (tests/finance/test_pages.py)."""
    from tests.finance.test_pages import finance_in

    return finance_in(world)


# Budget monitoring's shared service (`_finance`) is seen by those who cover every
# council; its budget is prepared by Payroll, so Exchequer's director signs it off.
SEES_SHARED_SERVICE = {"performance", "director", "director.legal", "s151"}
SIGNS_OFF_FORECAST = {"performance", "director"}


def _finance_expected(kind: str, role: str, method: str) -> int | set[int]:
    if kind == "finance-index":  # to the latest period they may see (nothing without a role)
        return 200 if role == "nobody" else 302
    if kind == "finance":  # the position's pages and downloads: whoever has a role
        return 404 if role == "nobody" else 200
    if role not in SEES_SHARED_SERVICE:
        return 404
    if role not in SIGNS_OFF_FORECAST:
        return 403
    team = role == "performance"
    if kind == "finance-decide":  # opened in the address bar, it leads to the forecast
        return 302 if method == "GET" else {200, 302, 400}
    if kind == "finance-template":
        return 200
    if method == "GET" and (kind == "finance-forecast" or team):
        return 200
    return {200, 302, 400} if team else 403


ROUTES: dict[str, Route] = {
    "overview:home": Route(
        "council",
        lambda w, c: reverse("overview:home") + f"?period=2019/20+Q1&organisation={c}",
        per_council=True,
    ),
    "overview:progress": Route("read", lambda w, c: reverse("overview:progress")),
    **{
        f"overview_exports:{name}": Route(
            "council",
            lambda w, c, name=name: (
                reverse(f"overview_exports:{name}", args=["csv"])
                + f"?period=2019/20+Q1&organisation={c}"
            ),
            per_council=True,
        )
        for name in ("figures", "summary", "progress")
    },
    "overview_exports:indicator": Route(
        "read", lambda w, c: reverse("overview_exports:indicator", args=["EX-02", "xlsx"])
    ),
    "register_export:table": Route(
        "read", lambda w, c: reverse("register_export:table", args=["csv"])
    ),
    "submissions:awaiting": Route(
        "awaiting", lambda w, c: reverse("submissions:awaiting"), form=True
    ),
    "returns:list": Route("read", lambda w, c: reverse("returns:list") + "?period=2019/20+Q1"),
    "returns:edit": Route(
        "enter", lambda w, c: reverse("returns:edit", args=_return_args(w, c)), per_council=True
    ),
    "returns:preview": Route(
        "preview",
        lambda w, c: reverse("returns:preview", args=_return_args(w, c)),
        per_council=True,
    ),
    "returns:decide": Route(
        "sign-off",
        lambda w, c: reverse("returns:decide", args=_return_args(w, c)),
        per_council=True,
    ),
    "returns:template": Route(  # the return's figures as a workbook: drafts, for their readers
        "drafts",
        lambda w, c: reverse("returns:template", args=_return_args(w, c)),
        per_council=True,
    ),
    "returns:import": Route(
        "upload", lambda w, c: reverse("returns:import", args=_return_args(w, c)), per_council=True
    ),
    "register_sheet:load": Route("team", lambda w, c: reverse("register_sheet:load"), form=True),
    "register_sheet:export": Route("team", lambda w, c: reverse("register_sheet:export")),
    "indicators:list": Route("read", lambda w, c: reverse("indicators:list")),
    "help:glossary": Route("read", lambda w, c: reverse("help:glossary")),
    "indicators:new": Route("team", lambda w, c: reverse("indicators:new"), form=True),
    "indicators:detail": Route("read", lambda w, c: reverse("indicators:detail", args=["EX-02"])),
    "indicators:edit": Route(
        "team", lambda w, c: reverse("indicators:edit", args=["EX-02"]), form=True
    ),
    "indicators:targets": Route(
        "team", lambda w, c: reverse("indicators:targets", args=["EX-02", 2019]), form=True
    ),
    "reporting:settings": Route("team", lambda w, c: reverse("reporting:settings"), form=True),
    "schemes:list": Route("team", lambda w, c: reverse("schemes:list")),
    "schemes:new": Route("team", lambda w, c: reverse("schemes:new"), form=True),
    "schemes:edit": Route(
        "team", lambda w, c: reverse("schemes:edit", args=[_scheme()]), form=True
    ),
    "schemes:delete": Route(  # the team's POST deletes it; the next URL makes it again
        "team", lambda w, c: reverse("schemes:delete", args=[_scheme()]), form=True
    ),
    "organisations:structure": Route("team", lambda w, c: reverse("organisations:structure")),
    "organisations:new": Route(
        "team", lambda w, c: reverse("organisations:new", args=["service-area"]), form=True
    ),
    "organisations:edit": Route(
        "team",
        lambda w, c: reverse(
            "organisations:edit", args=["organisation", (w.lbn if c == "LBN" else w.lbh).id]
        ),
        form=True,
        per_council=True,
    ),
    "people:list": Route("team", lambda w, c: reverse("people:list")),
    "people:new": Route("team", lambda w, c: reverse("people:new"), form=True),
    "people:edit": Route(
        "team",
        lambda w, c: reverse("people:edit", args=[w.users[f"officer.{c.lower()}"].id]),
        form=True,
        per_council=True,
    ),
    "packs:list": Route("build", lambda w, c: reverse("packs:list"), form=True),
    "packs:default_template": Route("team", lambda w, c: reverse("packs:default_template")),
    "packs:detail": Route(
        "council", lambda w, c: reverse("packs:detail", args=[_pack(w, c).pk]), per_council=True
    ),
    "packs:file": Route(
        "council",
        lambda w, c: reverse("packs:file", args=[_pack(w, c).pk, "html"]),
        per_council=True,
    ),
    "audit:events": Route("team", lambda w, c: reverse("audit:events")),
    "mfa:manage": Route("read", lambda w, c: reverse("mfa:manage")),
    "mfa:verify": Route("own", lambda w, c: reverse("mfa:verify"), form=True),
    "mfa:setup": Route("own", lambda w, c: reverse("mfa:setup"), form=True),
    "mfa:recovery_codes": Route("own", lambda w, c: reverse("mfa:recovery_codes"), form=True),
    "mfa:reset": Route(
        "team", lambda w, c: reverse("mfa:reset", args=[w.users["officer.lbh"].id]), form=True
    ),
    "plan:register": Route("read", lambda w, c: reverse("plan:register")),
    "plan:action": Route(
        "council", lambda w, c: reverse("plan:action", args=[_plan_action(w, c)]), per_council=True
    ),
    "plan:new": Route("team", lambda w, c: reverse("plan:new"), form=True),
    "plan:edit": Route(
        "team", lambda w, c: reverse("plan:edit", args=[_plan_action(w, "LBH")]), form=True
    ),
    "plan:priority": Route(
        "read", lambda w, c: _plan_action(w, c) and reverse("plan:priority", args=[1])
    ),
    "plan:update": Route(
        "enter", lambda w, c: reverse("plan:update", args=_plan_args(w, c)), per_council=True
    ),
    "plan:decide": Route(
        "sign-off", lambda w, c: reverse("plan:decide", args=_plan_args(w, c)), per_council=True
    ),
    "plan:settings": Route("team", lambda w, c: reverse("plan:settings"), form=True),
    "risks:register": Route(
        "read", lambda w, c: _risk(w, c) and reverse("risks:register") + "?period=2019/20+Q2"
    ),
    "risks:risk": Route(
        "council", lambda w, c: reverse("risks:risk", args=_risk(w, c)), per_council=True
    ),
    "risks:new": Route("team", lambda w, c: reverse("risks:new"), form=True),
    "risks:edit": Route("team", lambda w, c: reverse("risks:edit", args=_risk(w, c)), form=True),
    "risks:settings": Route("team", lambda w, c: reverse("risks:settings"), form=True),
    # an action's milestones: POST only, by the team and the action's service
    "plan:milestone_add": Route(
        "preview",
        lambda w, c: reverse("plan:milestone_add", args=[_plan_action(w, c)]),
        per_council=True,
    ),
    "plan:milestone_change": Route(
        "preview",
        lambda w, c: reverse("plan:milestone_change", args=_milestone(w, c)),
        per_council=True,
    ),
    # a risk's controls and further actions: POST only, by the team and the risk's service
    **{
        f"risks:{name}": Route(
            "preview",
            lambda w, c, name=name, what=what: reverse(f"risks:{name}", args=_risk(w, c, what)),
            per_council=True,
        )
        for name, what in (
            ("control_add", ""),
            ("control_change", "control"),
            ("action_add", ""),
            ("action_change", "action"),
        )
    },
    "risks:review": Route(
        "enter",
        lambda w, c: _risk(w, c) and reverse("risks:review", args=_return_args(w, c)),
        per_council=True,
    ),
    "risks:decide": Route(
        "sign-off",
        lambda w, c: _risk(w, c) and reverse("risks:decide", args=_return_args(w, c)),
        per_council=True,
    ),
    "plan_sheets:load": Route("team", lambda w, c: reverse("plan_sheets:load"), form=True),
    "plan_sheets:export": Route(
        "read", lambda w, c: _plan_args(w, c) and reverse("plan_sheets:export")
    ),
    "plan_sheets:update": Route(
        "upload",
        lambda w, c: reverse("plan_sheets:update", args=_plan_args(w, c)),
        per_council=True,
    ),
    "plan_sheets:update_template": Route(
        "drafts",
        lambda w, c: reverse("plan_sheets:update_template", args=_plan_args(w, c)),
        per_council=True,
    ),
    "plan_sheets:table": Route(
        "read", lambda w, c: _plan_args(w, c) and reverse("plan_sheets:table", args=["csv"])
    ),
    "risks_sheets:load": Route("team", lambda w, c: reverse("risks_sheets:load"), form=True),
    "risks_sheets:export": Route(
        "team", lambda w, c: _risk(w, c) and reverse("risks_sheets:export")
    ),
    "risks_sheets:table": Route(
        "read", lambda w, c: _risk(w, c) and reverse("risks_sheets:table", args=["xlsx"])
    ),
    "finance:index": Route(
        "finance-index", lambda w, c: _finance(w, c) and reverse("finance:index")
    ),
    **{
        f"finance:{name}": Route(
            "finance",
            lambda w, c, name=name, args=args: (
                _finance(w, c) and reverse(f"finance:{name}", args=args)
            ),
        )
        for name, args in (
            ("position", [2019, 5]),
            ("cost_share", [2019, 5]),
            ("reserves", [2019]),
            ("savings", [2019]),
            ("position_export", [2019, 5, "csv"]),
            ("cost_share_export", [2019, 5, "xlsx"]),
        )
    },
    "finance:line": Route(
        "council", lambda w, c: reverse("finance:line", args=[_finance(w, c)[c]]), per_council=True
    ),
    "finance:forecast": Route(
        "finance-forecast",
        lambda w, c: _finance(w, c) and reverse("finance:forecast", args=[2019, 5]),
        form=True,
    ),
    "finance:decide": Route(
        "finance-decide",
        lambda w, c: _finance(w, c) and reverse("finance:decide", args=[2019, 5]),
        form=True,
    ),
    "finance:import": Route(
        "finance-import",
        lambda w, c: _finance(w, c) and reverse("finance:import", args=[2019, 5]),
        form=True,
    ),
    "finance:template": Route(
        "finance-template",
        lambda w, c: _finance(w, c) and reverse("finance:template", args=[2019, 5, w.payroll.id]),
    ),
    "login": Route("sign-in", lambda w, c: reverse("login"), form=True),
    "logout": Route("sign-out", lambda w, c: reverse("logout")),
}
# Patterns outside the matrix, and why.
NOT_IN_MATRIX = {
    "admin:*": "the Django admin: test_access.py checks it is the performance team's only",
}


def url_pattern_names() -> list[str]:
    def walk(resolver: URLResolver, namespace: str | None) -> list[str]:
        names = []
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                names += walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                names.append(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))
        return names

    return walk(get_resolver(), None)


def test_every_url_pattern_has_an_entry_in_the_matrix():
    names = [n for n in url_pattern_names() if not n.startswith("admin:")]
    missing = sorted(set(names) - set(ROUTES))
    assert not missing, f"add these URL patterns to ROUTES in {Path(__file__).name}: {missing}"
    stale = sorted(set(ROUTES) - set(names))
    assert not stale, f"ROUTES names patterns that no longer exist: {stale}"


def expected(route: Route, role: str, council: str, method: str) -> int | set[int]:
    """The status a role gets; a set where a permitted form's answer depends on what
    was posted (200 or 400 with errors, or 302 after a save)."""
    if route.kind == "sign-in":
        return 200 if method in ("GET", "POST") else 405
    if role == ANONYMOUS:
        return 302  # to sign in, whatever the method
    if route.kind == "sign-out":
        return 302 if method == "POST" else 405
    if route.kind == "preview":
        methods = {"POST"}
    elif route.kind == "sign-off":
        methods = {"GET", "POST"}  # opened in the address bar, it leads to the return
    elif route.form or route.kind in ("enter", "upload"):
        methods = {"GET", "POST"}
    else:
        methods = {"GET"}
    if method not in methods:
        return 405
    team = role == "performance"
    if route.kind.startswith("finance"):
        return _finance_expected(route.kind, role, method)
    if route.kind == "read":
        return 200
    if route.kind == "own":
        return {200, 302} if method == "GET" else {200, 302, 400}
    if route.kind == "team":
        if not team:
            return 403
        return 200 if method == "GET" else {200, 302, 400}
    if route.kind == "awaiting":  # a POST with nothing chosen is answered 400
        if role not in SIGNS_OFF:
            return 403
        return 200 if method == "GET" else 400
    if route.kind == "build":
        if method == "GET":
            return 200
        return {200, 302, 400} if team else 403
    if council not in COUNCILS[role]:
        return 404  # another council's page does not exist for them
    if route.kind == "council":
        return 200
    if route.kind == "drafts":  # figures not yet approved: the service, its directors, the team
        return 200 if role in ENTERS_PAYROLL | SIGNS_OFF_PAYROLL or team else 403
    if route.kind in ("enter", "preview", "upload"):
        if role in ENTERS_PAYROLL or team:
            return {200, 302, 400}
        return 200 if route.kind == "enter" and method == "GET" else 403
    # sign-off: the decision form's POST; a GET leads to the return's page
    if method == "GET":
        return 302
    return {302, 400} if role in SIGNS_OFF_PAYROLL or team else 403


def snapshot() -> dict[str, int]:
    """Rows per model of goldenthread's own apps and the users: what a request could
    change. Logs (the audit log, sign-in attempts) are not data: a refusal may be logged."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label
        ours = model.__module__.startswith("goldenthread.") or label == "auth.User"
        if ours and not label.startswith(("packs.", "audit.")):
            counts[label] = model.objects.count()
    return counts


@pytest.fixture
def submitted_returns(world):
    for organisation in (world.lbh, world.lbn):
        Return.objects.create(
            organisation=organisation,
            service_area=world.payroll,
            year=2019,
            quarter=1,
            status=ReturnStatus.SUBMITTED,
        )


@pytest.mark.parametrize("role", ROLES)
def test_every_route_method_and_council_as_every_role(world, submitted_returns, role):
    client = Client()
    if role != ANONYMOUS:
        sign_in_with_second_factor(client, world.users[role])
    for council in ("LBH", "LBN"):
        _pack(world, council)
    checked = 0
    wrong = []
    for name, route in ROUTES.items():
        for council in ("LBH", "LBN") if route.per_council else ("LBH",):
            url = route.url(world, council)
            for method in METHODS:
                want = expected(route, role, council, method)
                before = snapshot()
                got = client.generic(method, url).status_code
                checked += 1
                if got not in (want if isinstance(want, set) else {want}):
                    wrong.append(f"{method} {name} {council}: {got}, expected {want}")
                refused = role == ANONYMOUS or want in (403, 404, 405)
                if refused and route.kind != "sign-in" and snapshot() != before:
                    wrong.append(f"{method} {name} {council}: refused ({got}) but changed data")
                if role != ANONYMOUS and name == "logout" and method == "POST":
                    sign_in_with_second_factor(client, world.users[role])
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    record("access", f"requests in the matrix as {role}", checked)


def test_the_matrix_size_is_recorded():
    cells = sum(len(METHODS) * (2 if r.per_council else 1) for r in ROUTES.values())
    record("access", "URL patterns in the matrix", len(ROUTES))
    record("access", "cells (pattern x method x council) per role", cells)
    record("access", "roles (with signed out)", len(ROLES))
    assert cells * len(ROLES) > 500


# goldenthread's management commands: who they act for, and how a person is refused.
COMMANDS = {
    "returns": "acts --as a person, within that person's councils and areas",
    "register": "acts --as a performance-team member only",
    "plan": "acts --as a performance-team member only",
    "risks": "acts --as a performance-team member only",
    "finance": "acts --as a person: the forecast's contributors (template, import) only",
    "finance_feed": "run by whoever runs the server: no person (figures from signed-off data)",
    "pack": "run by whoever runs the server: no person",
    "demo": "run by whoever runs the server: no person",
}


def own_commands() -> list[str]:
    return sorted(n for n, app in get_commands().items() if app.startswith("goldenthread."))


def test_every_management_command_has_an_entry():
    missing = sorted(set(own_commands()) - set(COMMANDS) - set(EXTRA_COMMANDS))
    assert not missing, f"add these commands to COMMANDS in {Path(__file__).name}: {missing}"


# Commands added for serving, backups and retention: run by whoever runs the
# server (systemd, cron), on behalf of no person.
EXTRA_COMMANDS = {"serve", "backup", "restore", "purge"}


def test_a_return_imported_as_a_person_stays_within_their_councils(world, tmp_path):
    """`goldenthread returns import FILE --apply --as USER`: Havering's officer cannot
    import Newham's return, a reader cannot import at all; nothing is saved."""
    from goldenthread.domain.periods import FinancialYear, Quarter
    from goldenthread.returns.sheet_template import return_template

    made = return_template(
        organisation=world.lbn,
        service_areas=[world.payroll],
        quarter=Quarter(FinancialYear(2019), 2),
    )
    path = tmp_path / "newham.xlsx"
    path.write_bytes(made.content)
    for username in ("officer.lbh", "councillor.lbh", "s151", "director", "nobody"):
        before = snapshot()
        with pytest.raises(CommandError):
            call_command("returns", "import", str(path), "--apply", "--as", username)
        assert snapshot() == before, username
    out = io.StringIO()
    call_command("returns", "import", str(path), "--as", "officer.lbn", stdout=out)


@pytest.mark.parametrize("username", ["officer.lbh", "director", "s151", "nobody", "no-such"])
def test_the_register_is_loaded_only_as_the_performance_team(world, tmp_path, username):
    path = tmp_path / "register.xlsx"
    call_command("register", "export", "--out", str(path))
    before = snapshot()
    with pytest.raises(CommandError, match="--as"):
        call_command("register", "import", str(path), "--apply", "--as", username)
    assert snapshot() == before
