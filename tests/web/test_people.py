"""The performance team adds people and gives them a role and a reach; the
person can then sign in and do that role's job, and no more."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from goldenthread.people.models import Membership


def person_form(world, **changes):
    form = {
        "username": "officer.payroll",
        "first_name": "Pat",
        "last_name": "Ayroll",
        "email": "pat@example.gov.uk",
        "is_active": "on",
        "password": "correct horse battery",
        "role": "service-officer",
        "organisations": [world.lbn.id],
        "service_areas": [world.payroll.id],
    }
    return {**form, **changes}


def test_a_new_officer_signs_in_and_enters_only_their_service_area(client, client_for, world):
    team = client_for("performance")
    assert team.post(reverse("people:new"), person_form(world)).status_code == 302
    membership = Membership.objects.get(user__username="officer.payroll")
    assert membership.history.first().history_user == world.users["performance"]
    team.logout()
    signed_in = client.post(
        reverse("login"), {"username": "officer.payroll", "password": "correct horse battery"}
    )
    assert signed_in.status_code == 302
    payroll = reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])
    benefits_lbh = reverse("returns:edit", args=["LBH", world.benefits.id, 2019, 1])
    assert 'hx-post="' in client.get(payroll).content.decode()  # editable
    assert client.get(benefits_lbh).status_code == 404  # another council's


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"service_areas": []}, "service_areas", "a service officer needs at least one"),
        ({"role": "director"}, "directorates", "a director needs at least one directorate"),
        ({"organisations": []}, "organisations", "choose the councils they cover"),
        ({"password": "password"}, "password", "too common"),
        ({"username": "OFFICER.LBN"}, "username", "someone already signs in with that"),
        ({"email": "not an address"}, "email", "valid email"),
    ],
)
def test_a_person_the_roles_cannot_use_is_refused_and_named(
    client_for, world, changes, field, message
):
    before = get_user_model().objects.count()
    response = client_for("performance").post(reverse("people:new"), person_form(world, **changes))
    text = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_{field}' in text and message in text
    assert 'value="Ayroll"' in text  # what was typed is kept (not the password)
    assert "correct horse" not in text
    assert get_user_model().objects.count() == before


def test_changing_someone_keeps_their_password_unless_a_new_one_is_given(client_for, world):
    officer = world.users["officer.lbn"]
    team = client_for("performance")
    url = reverse("people:edit", args=[officer.id])
    form = team.get(url).context["form"]
    assert form.initial["role"] == "service-officer"
    data = person_form(world, username="officer.lbn", password="", role="reader", service_areas=[])
    assert team.post(url, data).status_code == 302
    officer.refresh_from_db()
    assert officer.membership.role == "reader"
    from tests.web.conftest import PASSWORD

    assert officer.check_password(PASSWORD)
    people = team.get(reverse("people:list")).content.decode()
    assert "officer.payroll" not in people and "Reader" in people
