"""Security headers (ASVS 14.4): every page carries a Content-Security-Policy
whose nonce is the one on the page's own scripts, and no inline style; signed-in
pages and downloads are `Cache-Control: private, no-store`; every answer has a
Permissions-Policy. The served HTML pack has its own policy: inline styles and
data: images, no script."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from tests.security_figures import record

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.packs import services
from goldenthread.reports.content import ExceptionRule

PERIOD = "?period=2019/20+Q1"
DENIED = ("camera", "microphone", "geolocation", "payment", "usb")


class Tags(HTMLParser):
    """The page's script elements, and every inline style it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline_styles: list[str] = []
        self.event_handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found)
        if tag == "style":
            self.inline_styles.append("<style>")
        if "style" in found:
            self.inline_styles.append(f"<{tag} style={found['style']!r}>")
        self.event_handlers += [f"<{tag} {name}>" for name in found if name.startswith("on")]


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def canonical(policy: str, order: list[str]) -> str:
    """The policy with its directives in the order given (django-csp's order varies
    from one process to the next) and the nonce left out, to record."""
    found = directives(re.sub(r"'nonce-[^']+'", "'nonce-…'", policy))
    names = [name for name in order if name in found] + sorted(set(found) - set(order))
    return "; ".join(" ".join([name, *found[name]]) for name in names)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def pack(world):
    return services.pack_build(
        quarter=Quarter(FinancialYear(2019), 1),
        organisation=None,
        exception_rule=ExceptionRule.AMBER_AND_RED,
        formats=["html", "xlsx"],
        by=world.users["performance"],
    ).pack


def pages(world, pack) -> dict[str, str]:
    return {
        "overview": reverse("overview:home") + PERIOD,
        "progress": reverse("overview:progress") + PERIOD,
        "register": reverse("indicators:list"),
        "indicator": reverse("indicators:detail", args=["EX-02"]) + PERIOD,
        "targets": reverse("indicators:targets", args=["EX-02", 2019]),
        "indicator-edit": reverse("indicators:edit", args=["EX-02"]),
        "returns": reverse("returns:list") + PERIOD,
        "return": reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]),
        "organisations": reverse("organisations:structure"),
        "people": reverse("people:list"),
        "packs": reverse("packs:list"),
        "pack": reverse("packs:detail", args=[pack.pk]),
        "sign-in": reverse("login"),
        "admin": reverse("admin:index"),
        "admin-indicators": reverse("admin:indicators_indicator_changelist"),
    }


def downloads(pack) -> dict[str, str]:
    return {
        "pack-xlsx": reverse("packs:file", args=[pack.pk, "xlsx"]),
        "pack-template": reverse("packs:default_template"),
    }


def test_every_page_has_the_policy_with_its_scripts_nonce_and_no_store(
    client_for, world, pack, settings
):
    client = client_for("performance")
    nonces = set()
    recorded = ""
    for name, url in pages(world, pack).items():
        response = client.get(url)
        assert response.status_code == 200, name
        policy = response["Content-Security-Policy"]
        found = directives(policy)
        assert found["default-src"] == ["'self'"], name
        assert found["style-src"] == ["'self'"], name  # no inline style
        assert found["img-src"] == ["'self'", "data:"], name
        for directive in ("object-src", "base-uri", "frame-ancestors"):
            assert found[directive] == ["'none'"], (name, directive)
        assert found["form-action"] == ["'self'"], name
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, name
        tags = parse(body(response))
        inline = [script for script in tags.scripts if not script.get("src")]
        nonce = [word for word in found["script-src"] if word.startswith("'nonce-")]
        if not name.startswith("admin"):  # goldenthread's own pages: two inline scripts
            assert len(inline) == 2 and nonce, name
        if inline:
            (nonce,) = nonce
            assert all(f"'nonce-{script.get('nonce')}'" == nonce for script in inline), name
            nonces.add(nonce)
            recorded = recorded or policy
        assert not tags.inline_styles, (name, tags.inline_styles[:3])
        assert not tags.event_handlers, (name, tags.event_handlers[:3])
        assert response["Cache-Control"] == "private, no-store", name
        for feature in DENIED:
            assert f"{feature}=()" in response["Permissions-Policy"], (name, feature)
    assert len(nonces) == len([name for name in pages(world, pack) if not name.startswith("admin")])
    record("headers", "pages checked (signed in)", len(pages(world, pack)))
    order = list(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    record("headers", "Content-Security-Policy", canonical(recorded, order))
    record("headers", "Permissions-Policy", response["Permissions-Policy"])
    record("headers", "Cache-Control (signed in)", response["Cache-Control"])


def test_downloads_are_not_kept_by_the_browser(client_for, world, pack):
    client = client_for("performance")
    for name, url in downloads(pack).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment"), name
        assert response["Cache-Control"] == "private, no-store", name
        assert "Content-Security-Policy" in response and "Permissions-Policy" in response, name
    record("headers", "downloads checked (signed in)", len(downloads(pack)))


def test_the_served_pack_may_style_itself_but_run_nothing(client_for, world, pack):
    response = client_for("s151").get(reverse("packs:file", args=[pack.pk, "html"]))
    assert response.status_code == 200 and "attachment" not in response["Content-Disposition"]
    policy = response["Content-Security-Policy"]
    found = directives(policy)
    assert found["default-src"] == ["'none'"]  # so no script, font, frame or connection
    assert "script-src" not in found and "'nonce-" not in policy
    assert found["style-src"] == ["'unsafe-inline'"] and found["img-src"] == ["data:"]
    for directive in ("base-uri", "form-action", "frame-ancestors"):
        assert found[directive] == ["'none'"], directive
    html = body(response)
    assert not parse(html).scripts and "<style>" in html and 'src="data:image/svg+xml' in html
    assert response["Cache-Control"] == "private, no-store"
    order = ["default-src", "style-src", "img-src", "base-uri", "form-action", "frame-ancestors"]
    record("headers", "Content-Security-Policy of the served HTML pack", canonical(policy, order))


def test_the_sign_in_and_lockout_pages_have_the_policy_too(client, world):
    page = client.get(reverse("login"))
    assert "'nonce-" in page["Content-Security-Policy"]
    assert "no-store" in page["Cache-Control"]  # Django's own, for the sign-in form
    assert "camera=()" in page["Permissions-Policy"]
    for number in range(10):
        locked = client.post(reverse("login"), {"username": f"guess{number}", "password": "wrong"})
    assert locked.status_code == 429
    found = directives(locked["Content-Security-Policy"])
    (nonce,) = [word for word in found["script-src"] if word.startswith("'nonce-")]
    assert all(
        f"'nonce-{script['nonce']}'" == nonce
        for script in parse(locked.content.decode()).scripts
        if not script.get("src")
    )


def test_static_files_keep_their_caching(client_for, world):
    response = client_for("performance").get("/static/goldenthread/goldenthread.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
