"""The risk register's addresses (namespace `risks`)."""

from django.urls import path

from goldenthread.risks import review_views, settings_views, views

app_name = "risks"

REVIEW = "review/<str:code>/<int:service_area_id>/<int:year>/<int:number>/"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.risk_edit, name="new"),
    path("settings/", settings_views.risk_settings, name="settings"),
    path(REVIEW, review_views.review, name="review"),
    path(REVIEW + "decision/", review_views.decide, name="decide"),
    path("<str:reference>/", views.risk_page, name="risk"),
    path("<str:reference>/edit/", views.risk_edit, name="edit"),
    path("<str:reference>/controls/", views.control_add, name="control_add"),
    path("<str:reference>/controls/<int:control_id>/", views.control_change, name="control_change"),
    path("<str:reference>/actions/", views.action_add, name="action_add"),
    path("<str:reference>/actions/<int:action_id>/", views.action_change, name="action_change"),
]
