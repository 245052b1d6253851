"""The register's addresses (namespace `indicators`): the list and the changes
to its entries (`indicators.views`), and each indicator's page and targets
page, which show and write figures (`overview.indicator_views`)."""

from django.urls import path

from goldenthread.indicators import views as register
from goldenthread.overview import indicator_views

app_name = "indicators"
urlpatterns = [
    path("", register.register, name="list"),
    path("new/", register.indicator_edit, name="new"),
    path("<str:reference>/", indicator_views.detail, name="detail"),
    path("<str:reference>/edit/", register.indicator_edit, name="edit"),
    path("<str:reference>/targets/<int:year>/", indicator_views.targets, name="targets"),
]
