"""One demonstration user per role, with a fresh password each time the demo starts."""

from __future__ import annotations

import secrets
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.mfa.selectors import ROLES_REQUIRING_SECOND_FACTOR
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.people.models import Membership, Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    role: Any  # a Role (untyped without Django stubs)
    does: str
    organisations: tuple[str, ...] = ()  # empty: all organisations
    directorate: str = ""  # a director signs off this directorate
    service_areas_of: str = ""  # a service officer enters data for this directorate's areas
    only_area: str = ""  # ... or for this one of them only


DEMO_USERS = (
    DemoUser(
        "performance",
        "Pat Performance",
        Role.PERFORMANCE_TEAM,
        "administers the register, chases returns",
    ),
    DemoUser(
        "officer.lbh",
        "Sam Officer",
        Role.SERVICE_OFFICER,
        "enters Havering's Exchequer and Transactional figures",
        organisations=("LBH",),
        service_areas_of="Exchequer and Transactional",
    ),
    DemoUser(
        "officer.lbn",
        "Nia Officer",
        Role.SERVICE_OFFICER,
        "enters Newham's Exchequer and Transactional figures",
        organisations=("LBN",),
        service_areas_of="Exchequer and Transactional",
    ),
    DemoUser(
        "director",
        "Dana Director",
        Role.DIRECTOR,
        "signs off Exchequer and Transactional returns for every council",
        directorate="Exchequer and Transactional",
    ),
    DemoUser(
        "councillor.lbh",
        "Cllr Reader",
        Role.READER,
        "reads Havering's figures",
        organisations=("LBH",),
    ),
    DemoUser("s151", "Section 151 Officer", Role.READER, "reads every council's figures"),
    DemoUser(
        "owner.ict",
        "Ola Owner",
        Role.SERVICE_OFFICER,
        "updates the ICT actions of oneSource's Improvement Plan each quarter",
        organisations=("OS",),
        service_areas_of="ICT",
        only_area="Improvement Plan",
    ),
    DemoUser(
        "lead.ict",
        "Lee Lead",
        Role.DIRECTOR,
        "signs off the ICT Improvement Plan update and ICT returns (Director of ICT)",
        directorate="ICT",
    ),
    DemoUser(
        "fbp.finance",
        "Fran Partner",
        Role.SERVICE_OFFICER,
        "enters and imports oneSource's budget forecast each period (finance business partner)",
        organisations=("OS",),
        service_areas_of="Strategic and Operational Finance",
        only_area="Finance Business Partners",
    ),
    DemoUser(
        "director.finance",
        "Dev Finance",
        Role.DIRECTOR,
        "signs off each period's budget forecast (Director of Finance)",
        directorate="Strategic and Operational Finance",
    ),
)


def demo_authenticator_keys() -> dict[str, str]:
    """The demo's people whose role needs a second factor (the performance team, the
    director) have an authenticator app set up: made once and kept across restarts,
    so a phone that has the key keeps working. Returns username -> key (base32)."""
    keys = {}
    with transaction.atomic():
        for demo in DEMO_USERS:
            if demo.role not in ROLES_REQUIRING_SECOND_FACTOR:
                continue
            user = get_user_model().objects.get(username=demo.username)
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(
                    user=user, name="Demo authenticator app", confirmed=True
                )
            keys[demo.username] = b32encode(device.bin_key).decode()
    return keys


def create_demo_users() -> list[tuple[DemoUser, str]]:
    """Create or reset the demo users; returns each with its new password."""
    User = get_user_model()
    result = []
    with transaction.atomic():
        for demo in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=demo.username)
            first, _, last = demo.name.partition(" ")
            user.first_name, user.last_name = first, last
            user.set_password(password)
            user.save()
            membership, _ = Membership.objects.update_or_create(
                user=user, defaults={"role": demo.role, "all_organisations": not demo.organisations}
            )
            membership.organisations.set(Organisation.objects.filter(code__in=demo.organisations))
            membership.directorates.set(Directorate.objects.filter(name=demo.directorate))
            areas = ServiceArea.objects.filter(directorate__name=demo.service_areas_of)
            if demo.only_area:
                areas = areas.filter(name=demo.only_area)
            membership.service_areas.set(areas if demo.service_areas_of else [])
            result.append((demo, password))
    return result
