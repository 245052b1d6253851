"""The second factor (ASVS 2.7/2.8): an authenticator app (TOTP) and recovery codes,
required for the performance team, directors and staff, optional for others.
Codes are computed here from the device's key exactly as a phone's app does."""

from __future__ import annotations

import datetime
import re
from base64 import b32encode

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.security_figures import record
from tests.web.conftest import PASSWORD

from goldenthread.audit.models import AuditEvent
from goldenthread.demo.users import DEMO_USERS
from goldenthread.mfa import services
from goldenthread.mfa.selectors import ROLES_REQUIRING_SECOND_FACTOR
from goldenthread.people.models import Role

ENTER = "Enter the code from your authenticator app"
NOT_RIGHT = "The code is not right, or has expired"
TOO_MANY = "Too many wrong codes"
OVERVIEW = reverse("overview:home")


def code_of(device: TOTPDevice, steps: int = 0) -> str:
    """The code the person's app shows now (or `steps` steps later)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code that is none of those accepted now (the last, this and the next step)."""
    accepted = {code_of(device, steps) for steps in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


class Clock:
    """timezone.now, moved on by hand (django-otp's throttling reads it)."""

    def __init__(self) -> None:
        self.offset = datetime.timedelta()
        self.real = timezone.now

    def __call__(self) -> datetime.datetime:
        return self.real() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("django.utils.timezone.now", clock)
    return clock


def sign_in(client, username: str):
    """The password step, through the sign-in form, as a person does it."""
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def authenticator_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def test_the_roles_that_need_a_second_factor():
    assert {Role.PERFORMANCE_TEAM, Role.DIRECTOR} == ROLES_REQUIRING_SECOND_FACTOR
    record(
        "authentication",
        "roles that require a second factor",
        "performance team, director, and any staff or superuser account",
    )


def test_a_director_without_an_app_sets_one_up_before_anything_else(client, world):
    director = world.users["director"]
    sign_in(client, "director")
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa:setup") + "?next=%2F"
    for elsewhere in (OVERVIEW, reverse("returns:list"), reverse("mfa:manage"), "/admin/"):
        assert client.get(elsewhere)["Location"].startswith(reverse("mfa:setup")), elsewhere

    page = client.get(reverse("mfa:setup") + "?next=/returns/")
    text = page.content.decode()
    assert page.status_code == 200 and "Set up your authenticator app" in text
    assert "govuk-service-navigation" not in text  # no menu to pages it cannot reach yet
    device = TOTPDevice.objects.get(user=director, confirmed=False)
    key = re.search(r'id="secret-key"><code>([A-Z2-7 ]+)</code>', text).group(1)
    assert key.replace(" ", "") == b32encode(device.bin_key).decode()
    assert '<svg version="1.1" viewBox=' in text and 'role="img"' in text  # the QR code
    assert "style=" not in text and "<img" not in text
    assert client.get(reverse("mfa:setup")).content.decode().count(key) == 1  # same key

    empty = client.post(reverse("mfa:setup"), {"code": "", "next": "/returns/"})
    assert empty.status_code == 400 and ENTER in empty.content.decode()
    wrong = client.post(reverse("mfa:setup"), {"code": wrong_code(device), "next": "/returns/"})
    assert wrong.status_code == 400 and NOT_RIGHT in wrong.content.decode()
    assert 'class="govuk-error-summary"' in wrong.content.decode()
    assert client.get(OVERVIEW).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # the wrong code's 1-second wait, not what this test is about
    right = client.post(reverse("mfa:setup"), {"code": code_of(device), "next": "/returns/"})
    text = right.content.decode()
    assert right.status_code == 200 and "Save your recovery codes" in text
    assert "no-store" in right["Cache-Control"]
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", text)
    assert len(shown) == 10 and len(set(shown)) == 10
    stored = set(StaticToken.objects.filter(device__user=director).values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in shown}
    assert 'href="/returns/"' in text  # continue to the page first asked for
    record("authentication", "recovery codes issued", len(shown))

    assert client.get(OVERVIEW).status_code == 200
    assert TOTPDevice.objects.get(user=director).confirmed
    # shown once: nothing on any later page
    manage = client.get(reverse("mfa:manage")).content.decode()
    assert not any(code in manage for code in shown) and "Recovery codes left" in manage
    event = AuditEvent.objects.filter(object_text="director", action="changed").first()
    assert event.after["second_factor"] == "new authenticator app"
    assert not any(code.replace("-", "") in str(event.after) for code in shown)


def test_the_next_sign_in_asks_for_the_code(client, world):
    device = authenticator_for(world.users["director"])
    sign_in(client, "director")
    asked = client.get(OVERVIEW + "?period=2019/20+Q1")
    assert asked["Location"] == reverse("mfa:verify") + "?next=%2F%3Fperiod%3D2019%2F20%2BQ1"
    page = client.get(asked["Location"])
    text = page.content.decode()
    assert "Enter the 6-digit code from your authenticator app" in text
    assert 'autocomplete="one-time-code"' in text

    empty = client.post(reverse("mfa:verify"), {"code": " "})
    assert empty.status_code == 400 and ENTER in empty.content.decode()
    code = code_of(device)
    typed = f"{code[:3]} {code[3:]}"  # as the app shows it
    passed = client.post(reverse("mfa:verify"), {"code": typed, "next": "/?period=2019/20+Q1"})
    assert passed.status_code == 302 and passed["Location"] == "/?period=2019/20+Q1"
    assert client.get(OVERVIEW).status_code == 200


def test_a_code_is_refused_when_reused_and_next_may_not_leave_the_site(client, world):
    device = authenticator_for(world.users["performance"])
    code = code_of(device)
    sign_in(client, "performance")
    passed = client.post(reverse("mfa:verify"), {"code": code, "next": "https://evil.example/"})
    assert passed.status_code == 302 and passed["Location"] == OVERVIEW
    client.post(reverse("logout"))
    sign_in(client, "performance")
    device.refresh_from_db()
    device.throttle_reset()
    replayed = client.post(reverse("mfa:verify"), {"code": code})
    assert replayed.status_code == 400 and NOT_RIGHT in replayed.content.decode()


def test_a_recovery_code_works_once(client, world, clock):
    director = world.users["director"]
    authenticator_for(director)
    codes = services.recovery_codes_issue(user=director)
    assert len(codes) == 10
    sign_in(client, "director")
    typed = f"{codes[3][:4].upper()}-{codes[3][4:].upper()}"  # as printed, in capitals
    passed = client.post(reverse("mfa:verify"), {"code": typed})
    assert passed.status_code == 302 and client.get(OVERVIEW).status_code == 200
    assert StaticToken.objects.filter(device__user=director).count() == 9
    assert AuditEvent.objects.filter(object_text="director", after__left=9).exists()

    client.post(reverse("logout"))
    sign_in(client, "director")
    again = client.post(reverse("mfa:verify"), {"code": typed})
    assert again.status_code == 400 and NOT_RIGHT in again.content.decode()
    assert client.get(OVERVIEW).status_code == 302
    clock.advance(2)
    other = client.post(reverse("mfa:verify"), {"code": codes[4]})
    assert other.status_code == 302 and client.get(OVERVIEW).status_code == 200


@pytest.mark.parametrize("username", ["councillor.lbh", "s151", "officer.lbh"])
def test_readers_and_officers_are_not_asked(client, world, username):
    sign_in(client, username)
    assert client.get(OVERVIEW).status_code == 200
    assert not TOTPDevice.objects.filter(user=world.users[username]).exists()


def test_someone_who_chose_a_second_factor_is_asked_for_it(client, world):
    device = authenticator_for(world.users["councillor.lbh"])
    sign_in(client, "councillor.lbh")
    assert client.get(OVERVIEW)["Location"].startswith(reverse("mfa:verify"))
    assert client.post(reverse("mfa:verify"), {"code": code_of(device)}).status_code == 302
    assert client.get(OVERVIEW).status_code == 200


def test_staff_and_superusers_need_it_whatever_their_role(client, world):
    admin = get_user_model().objects.create_superuser("admin", password=PASSWORD)
    sign_in(client, "admin")
    assert client.get("/admin/")["Location"].startswith(reverse("mfa:setup"))
    assert admin.is_superuser


def test_the_password_alone_cannot_replace_an_app(client, world):
    authenticator_for(world.users["director"])
    sign_in(client, "director")
    refused = client.get(reverse("mfa:setup"))
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("mfa:verify"))
    client.post(reverse("mfa:setup"), {"code": "123456"})
    assert TOTPDevice.objects.filter(user=world.users["director"]).count() == 1


def test_wrong_codes_are_throttled(client, world, clock):
    device = authenticator_for(world.users["director"])
    sign_in(client, "director")
    first = client.post(reverse("mfa:verify"), {"code": wrong_code(device)})
    assert first.status_code == 400 and NOT_RIGHT in first.content.decode()
    # even the right code is not checked within a second of a wrong one
    throttled = client.post(reverse("mfa:verify"), {"code": code_of(device)})
    assert throttled.status_code == 429 and TOO_MANY in throttled.content.decode()
    assert "wait 1 seconds" in throttled.content.decode()
    assert client.get(OVERVIEW).status_code == 302
    # each further wrong code doubles the wait: 1, 2, 4, 8 ... seconds
    waits = [1]
    for _ in range(4):
        clock.advance(waits[-1])
        assert client.post(reverse("mfa:verify"), {"code": wrong_code(device)}).status_code == 400
        refused = client.post(reverse("mfa:verify"), {"code": code_of(device)})
        assert refused.status_code == 429
        waits.append(int(re.search(r"wait (\d+) seconds", refused.content.decode()).group(1)))
    assert waits == [1, 2, 4, 8, 16]
    record("authentication", "wait after 5 wrong codes in a row (seconds; doubles each time)", 16)
    clock.advance(16)
    passed = client.post(reverse("mfa:verify"), {"code": code_of(device)})
    assert passed.status_code == 302 and client.get(OVERVIEW).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    refusals = AuditEvent.objects.filter(
        action="sign-in-refused", object_text="second factor refused"
    )
    assert refusals.count() == 5


def test_the_performance_team_resets_a_persons_second_factor(client, client_for, world):
    from django.test import Client
    from tests.web.conftest import sign_in_with_second_factor

    director = world.users["director"]
    directors_session = sign_in_with_second_factor(Client(), director)
    services.recovery_codes_issue(user=director)
    assert directors_session.get(OVERVIEW).status_code == 200

    refused = directors_session.post(reverse("mfa:reset", args=[world.users["performance"].pk]))
    assert refused.status_code == 403
    team = client_for("performance")
    edit = team.get(reverse("people:edit", args=[director.pk])).content.decode()
    assert "has an authenticator app set up" in edit
    assert reverse("mfa:reset", args=[director.pk]) in edit
    confirm = team.get(reverse("mfa:reset", args=[director.pk]))
    assert confirm.status_code == 200 and "Reset director" in confirm.content.decode()
    done = team.post(reverse("mfa:reset", args=[director.pk]))
    assert done.status_code == 302 and done["Location"] == reverse(
        "people:edit", args=[director.pk]
    )
    assert not TOTPDevice.objects.filter(user=director).exists()
    assert not StaticDevice.objects.filter(user=director).exists()
    event = AuditEvent.objects.filter(object_text="director", after__second_factor="reset").get()
    assert event.actor_name == "performance"
    # the director's session loses the second factor at once: set up a new app
    assert directors_session.get(OVERVIEW)["Location"].startswith(reverse("mfa:setup"))
    assert team.get(reverse("mfa:reset", args=[999999])).status_code == 404


def test_new_recovery_codes_replace_the_old_ones(client_for, world):
    director = world.users["director"]
    session = client_for("director")
    old = services.recovery_codes_issue(user=director)
    page = session.post(reverse("mfa:recovery_codes"))
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page.content.decode())
    assert page.status_code == 200 and len(shown) == 10
    stored = set(StaticToken.objects.filter(device__user=director).values_list("token", flat=True))
    assert stored == {c.replace("-", "") for c in shown} and not stored & set(old)


def test_the_demo_prints_keys_that_sign_its_people_in(db, client, capsys):
    """`goldenthread demo` prints a key for each person who needs a second factor;
    the code `python -m goldenthread.mfa.current_code KEY` prints from it is accepted."""
    from django.core.management import call_command
    from tests.web.servers import current_code as later_code
    from tests.web.servers import demo_keys, demo_passwords

    from goldenthread.mfa.current_code import current_code

    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    passwords, keys = demo_passwords([out]), demo_keys([out])
    assert set(keys) == {"performance", "director", "lead.ict", "director.finance"}
    assert set(passwords) == {u.username for u in DEMO_USERS}  # the keys are not read as users
    for username, code in (("performance", current_code), ("director", later_code)):
        client.post(reverse("login"), {"username": username, "password": passwords[username]})
        assert client.get(OVERVIEW)["Location"].startswith(reverse("mfa:verify"))
        passed = client.post(reverse("mfa:verify"), {"code": code(keys[username])})
        assert passed.status_code == 302 and client.get(OVERVIEW).status_code == 200
        client.post(reverse("logout"))
