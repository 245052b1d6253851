from django.urls import path

from goldenthread.returns import sheet_views, views

app_name = "returns"
urlpatterns = [
    path("", views.returns_list, name="list"),
    path("<str:code>/<int:service_area_id>/<int:year>/q<int:number>/", views.edit, name="edit"),
    path(
        "<str:code>/<int:service_area_id>/<int:year>/q<int:number>/preview/",
        views.preview,
        name="preview",
    ),
    path(
        "<str:code>/<int:service_area_id>/<int:year>/q<int:number>/decision/",
        views.decide,
        name="decide",
    ),
    path(
        "<str:code>/<int:service_area_id>/<int:year>/q<int:number>/template.xlsx",
        sheet_views.template_download,
        name="template",
    ),
    path(
        "<str:code>/<int:service_area_id>/<int:year>/q<int:number>/import/",
        sheet_views.import_return,
        name="import",
    ),
]
