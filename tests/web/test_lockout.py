"""Sign-in throttling (ASVS 2.2.1): 10 failed sign-ins within 6 minutes (so any 10
within 5) lock the username from every address and the address for every username;
the lock lifts 6 minutes after the last counted failure, so one account takes at
most 100 guesses an hour; while locked even the right password
is refused. An unknown username gets the same answer, in about the same time,
as a known one with a wrong password.

django-axes stamps each attempt with `now()` (Django's, imported by name in
`axes.handlers.proxy`); the `clock` fixture stands in for both, so the tests
move time instead of waiting."""

from __future__ import annotations

import datetime
import re
import statistics
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import MD5PasswordHasher, get_hasher
from django.test import override_settings
from django.urls import reverse
from tests.security_figures import record
from tests.web.conftest import PASSWORD

START = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC)  # 09:00 in London too
WRONG = "not-the-password"
INVALID = "Enter a correct username and password."
LOCKED = "Too many attempts to sign in"


class Clock:
    def __init__(self, now: datetime.datetime) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **interval: float) -> None:
        self.now += datetime.timedelta(**interval)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(START)
    monkeypatch.setattr("django.utils.timezone.now", clock)  # the attempts' auto_now_add
    monkeypatch.setattr("axes.handlers.proxy.now", clock)  # imported by name
    monkeypatch.setattr("axes.attempts.now", clock)
    return clock


def attempt(client, username: str, password: str, address: str, **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def fail_until_locked(client, clock, usernames, addresses, limit=20) -> int:
    """Wrong passwords, 10 seconds apart, until the lockout page answers: how many it took."""
    for number in range(1, limit + 1):
        response = attempt(client, usernames(number), WRONG, addresses(number))
        clock.advance(seconds=10)
        if response.status_code == 429:
            return number
        assert response.status_code == 200 and INVALID in response.content.decode()
    raise AssertionError(f"{limit} failures and no lockout")


def test_ten_failures_lock_the_account_from_every_address(client, clock, world):
    failures = fail_until_locked(
        client, clock, usernames=lambda n: "officer.lbn", addresses=lambda n: f"192.0.2.{n}"
    )
    assert failures == 10
    record("authentication", "failures before lockout (one username, each from a new address)", 10)
    elsewhere = attempt(client, "officer.lbn", PASSWORD, "198.51.100.7")
    assert elsewhere.status_code == 429 and LOCKED in elsewhere.content.decode()
    assert not signed_in(client)
    # the lock is on that username, not on everyone
    assert attempt(client, "officer.lbh", PASSWORD, "198.51.100.8").status_code == 302


def test_ten_failures_from_one_address_lock_it_for_every_username(client, clock, world):
    failures = fail_until_locked(
        client, clock, usernames=lambda n: f"guess{n}", addresses=lambda n: "203.0.113.5"
    )
    assert failures == 10
    record("authentication", "failures before lockout (one address, a new username each)", 10)
    for username in ("officer.lbn", "performance"):
        refused = attempt(client, username, PASSWORD, "203.0.113.5")
        assert refused.status_code == 429 and LOCKED in refused.content.decode()
        assert not signed_in(client)
    assert attempt(client, "officer.lbn", PASSWORD, "203.0.113.6").status_code == 302


def test_the_right_password_is_refused_while_locked_and_accepted_after_six_minutes(
    client, clock, world
):
    for number in range(10):
        attempt(client, "director", WRONG, f"192.0.2.{number}")
    locked_at = clock.now
    page = attempt(client, "director", PASSWORD, "192.0.2.99")
    text = page.content.decode()
    assert page.status_code == 429 and not signed_in(client)
    assert LOCKED in text and "You can try again from <strong>09:07</strong>" in text
    assert 'class="govuk-heading-l"' in text  # the service's own page, not a bare message
    assert page["Retry-After"] == "361"

    # tries while locked do not extend the lock: probe it every second near its end
    clock.advance(minutes=5, seconds=50)
    while True:
        response = attempt(client, "director", PASSWORD, "192.0.2.99")
        if response.status_code != 429:
            break
        last_refused = clock.now
        clock.advance(seconds=1)
    assert response.status_code == 302 and signed_in(client)
    assert (last_refused - locked_at).total_seconds() == 360
    assert (clock.now - locked_at).total_seconds() == 361
    record("authentication", "lockout (minutes; refused at 360 s, accepted at 361 s)", 6)


def test_failures_spread_over_more_than_six_minutes_do_not_lock(client, clock, world):
    for _ in range(9):
        attempt(client, "officer.lbh", WRONG, "192.0.2.1")
        clock.advance(seconds=20)
    clock.advance(minutes=6, seconds=1)  # the nine are now older than six minutes
    for _ in range(9):
        assert attempt(client, "officer.lbh", WRONG, "192.0.2.1").status_code == 200
    assert attempt(client, "officer.lbh", PASSWORD, "192.0.2.1").status_code == 302


class CountingHasher(MD5PasswordHasher):
    """A fast hasher that counts the passwords it was given: the guesses tried."""

    tried = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.tried += 1
        return super().encode(password, salt)


@override_settings(PASSWORD_HASHERS=["tests.web.test_lockout.CountingHasher"])
def test_the_most_guesses_one_account_can_take_in_an_hour(client, clock, world):
    """An attacker who knows the rules: guesses as fast as they are answered, from a
    new address each time, waiting exactly as long as Retry-After says when locked
    out, for an hour. (At a username that does not exist: Django hashes the guess
    all the same, with the fast hasher here, and axes counts it the same.)"""
    counter = type(get_hasher())  # the class Django loaded (pytest may import this module twice)
    counter.tried = 0
    hour_ends = clock.now + datetime.timedelta(hours=1)
    number = 0
    while clock.now < hour_ends:
        number += 1
        response = attempt(client, "target", WRONG, f"192.0.{number // 250}.{number % 250}")
        if response.status_code == 429:
            clock.advance(seconds=int(response["Retry-After"]))
    assert 0 < counter.tried <= 100  # ASVS 2.2.1
    record("authentication", "most guesses one account can take in an hour", counter.tried)


def main_content(response, username: str = "") -> str:
    """The page's main part, without what differs on every page anyway: the CSRF
    token, and the username typed (the form shows it again)."""
    text = re.search(r"<main .*?</main>", response.content.decode(), re.DOTALL).group(0)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return text.replace(f'value="{username}"', 'value="..."') if username else text


def test_an_unknown_username_gets_the_same_answer_in_about_the_same_time(client, clock, world):
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    answers: dict[str, set[tuple[int, str]]] = {"known": set(), "unknown": set()}
    usernames = {"known": "officer.lbn", "unknown": "no.such.person"}
    for number in range(9):  # each from its own address, under both limits
        for kind in ("known", "unknown") if number % 2 else ("unknown", "known"):
            address = f"198.51.{100 + (kind == 'unknown')}.{number}"
            started = time.perf_counter()
            response = attempt(client, usernames[kind], WRONG, address)
            timings[kind].append(time.perf_counter() - started)
            answers[kind].add((response.status_code, main_content(response, usernames[kind])))
    assert answers["known"] == answers["unknown"]
    ((status, content),) = answers["known"]
    assert status == 200 and INVALID in content
    known = statistics.median(timings["known"]) * 1000
    unknown = statistics.median(timings["unknown"]) * 1000
    record("authentication", "median sign-in refusal, known username (ms)", round(known, 1))
    record("authentication", "median sign-in refusal, unknown username (ms)", round(unknown, 1))
    record("authentication", "unknown / known median time", round(unknown / known, 2))
    # both hash the password (Django's ModelBackend hashes it for unknown names too);
    # an answer that skipped the hash would be many times faster
    assert 0.5 < unknown / known < 2, (known, unknown)

    # the tenth failure locks both, with the same page
    locked = {kind: attempt(client, usernames[kind], WRONG, "198.51.100.200") for kind in usernames}
    clock.advance(seconds=1)
    assert {r.status_code for r in locked.values()} == {429}
    assert main_content(locked["known"]) == main_content(locked["unknown"])


@override_settings(AXES_CLIENT_IP_CALLABLE="goldenthread.web.lockout.forwarded_client_address")
def test_behind_a_proxy_the_address_the_proxy_saw_is_counted(client, clock, world):
    # a browser may send any X-Forwarded-For; the proxy appends the address it saw
    for number in range(10):
        response = attempt(
            client,
            f"guess{number}",
            WRONG,
            "10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.9",
        )
    assert response.status_code == 429
    other = attempt(
        client, "officer.lbn", PASSWORD, "10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert other.status_code == 302  # another person behind the same proxy
