"""The performance team keeps the structure: organisations, directorates and
service areas, with GOV.UK errors and the history kept."""

from django.urls import reverse

from goldenthread.organisations.models import Directorate, Organisation, ServiceArea


def test_add_a_council_then_a_directorate_and_service_area(client_for, world):
    client = client_for("performance")
    new_org = reverse("organisations:new", args=["organisation"])
    response = client.post(new_org, {"code": "lbb", "name": "London Borough of Bexley"})
    assert response.status_code == 400  # kind is missing
    assert 'href="#id_kind"' in response.content.decode()
    client.post(new_org, {"code": "lbb", "name": "London Borough of Bexley", "kind": "council"})
    bexley = Organisation.objects.get(code="LBB")
    assert bexley.history.first().history_user == world.users["performance"]
    client.post(reverse("organisations:new", args=["directorate"]), {"name": "ICT"})
    ict = Directorate.objects.get(name="ICT")
    client.post(
        reverse("organisations:new", args=["service-area"]),
        {"directorate": ict.id, "name": "Service desk"},
    )
    assert ServiceArea.objects.filter(directorate=ict, name="Service desk").exists()
    page = client.get(reverse("organisations:structure")).content.decode()
    assert "London Borough of Bexley" in page and "Service desk" in page


def test_a_duplicate_or_malformed_code_is_named(client_for, world):
    client = client_for("performance")
    url = reverse("organisations:new", args=["organisation"])
    taken = client.post(url, {"code": "LBH", "name": "Havering again", "kind": "council"})
    assert taken.status_code == 400 and "Code: Organisation with this Code already exists" in (
        taken.content.decode()
    )
    spaced = client.post(url, {"code": "L B", "name": "Spaced", "kind": "council"})
    assert "use letters and digits only" in spaced.content.decode()
    assert not Organisation.objects.filter(name__in=["Havering again", "Spaced"]).exists()


def test_renaming_a_service_area_keeps_its_indicators(client_for, world):
    client = client_for("performance")
    url = reverse("organisations:edit", args=["service-area", world.payroll.id])
    response = client.post(url, {"directorate": world.payroll.directorate_id, "name": "Pay"})
    assert response.status_code == 302
    world.payroll_on_time.refresh_from_db()
    assert world.payroll_on_time.service_area.name == "Pay"
