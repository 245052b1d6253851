"""The 403, 404 and 500 pages: the site's layout, a plain explanation and a way
back; the 500 page needs neither the database nor the request."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import include, path, reverse

from goldenthread.config.urls import urlpatterns as site_urls


def boom(request):
    raise RuntimeError("a fault in a view")


urlpatterns = [path("boom/", boom), path("", include(site_urls))]


def test_a_page_that_does_not_exist_has_the_layout_and_a_way_back(client_for, world):
    response = client_for("officer.lbn").get("/returns/ZZZ/1/2019/q1/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found \u2013 goldenthread</title>" in text
    assert 'aria-label="Main menu"' in text  # the navigation of a signed-in person
    assert f'href="{reverse("overview:home")}">Go to the overview</a>' in text
    assert "No Organisation matches" not in text  # Django's words are not shown


def test_another_councils_return_is_not_found_not_forbidden(client_for, world):
    url = reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])
    response = client_for("officer.lbh").get(url)
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_a_refusal_says_why_with_the_layout_and_a_way_back(client_for, world):
    url = reverse("returns:import", args=["LBH", world.payroll.id, 2019, 1])
    response = client_for("director").get(url)
    text = response.content.decode()
    assert response.status_code == 403
    assert "<title>You cannot do this \u2013 goldenthread</title>" in text
    assert "You do not enter data for this service area." in text
    assert "Go to the overview</a>" in text and 'aria-label="Main menu"' in text


def test_the_server_error_page_needs_no_database_or_request():
    # no `db` fixture: any query here fails the test
    text = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in text
    assert 'href="/">Go to the overview</a>' in text
    assert 'class="gt-header"' in text and 'class="govuk-footer"' in text


@override_settings(ROOT_URLCONF=__name__)
def test_a_fault_answers_the_server_error_page(client_for, world):
    client = client_for("officer.lbn")
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Sorry, there is a problem with the service" in text
    assert "a fault in a view" not in text
