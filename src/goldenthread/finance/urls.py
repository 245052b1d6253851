"""Budget monitoring's addresses (namespace `finance`): the position of a
period, its forecast (entry, import, sign-off), the cost share, the reserves,
the savings, and each line."""

from django.urls import path, re_path

from goldenthread.exports.responses import FILE_FORMAT
from goldenthread.finance import exports, forecast_views, sheet_views, views

app_name = "finance"

PERIOD = "<int:year>/<int:period>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(PERIOD, views.position, name="position"),
    path(PERIOD + "cost-share/", views.cost_share, name="cost_share"),
    path(PERIOD + "forecast/", forecast_views.forecast, name="forecast"),
    path(PERIOD + "forecast/decide/", forecast_views.decide, name="decide"),
    path(PERIOD + "forecast/import/", sheet_views.forecast_import, name="import"),
    path(
        PERIOD + "forecast/template/<int:service_id>.xlsx",
        sheet_views.forecast_template,
        name="template",
    ),
    path("reserves/<int:year>/", views.reserves, name="reserves"),
    path("savings/<int:year>/", views.savings, name="savings"),
    path("lines/<str:code>/", views.line, name="line"),
    re_path(
        rf"^(?P<year>[0-9]+)/(?P<period>[0-9]+)/position\.(?P<file_format>{FILE_FORMAT})$",
        exports.position_export,
        name="position_export",
    ),
    re_path(
        rf"^(?P<year>[0-9]+)/(?P<period>[0-9]+)/cost-share\.(?P<file_format>{FILE_FORMAT})$",
        exports.cost_share_export,
        name="cost_share_export",
    ),
]
