"""The Improvement Plan's addresses (namespace `plan`)."""

from django.urls import path

from goldenthread.plan import update_views, views

app_name = "plan"

UPDATE = "update/<int:service_area_id>/<int:year>/<int:quarter>/"

urlpatterns = [
    path("", views.register, name="register"),
    path("actions/new/", views.action_edit, name="new"),
    path("actions/<str:reference>/", views.action_detail, name="action"),
    path("actions/<str:reference>/edit/", views.action_edit, name="edit"),
    path("actions/<str:reference>/milestones/", views.milestone_add, name="milestone_add"),
    path(
        "actions/<str:reference>/milestones/<int:milestone_id>/",
        views.milestone_change,
        name="milestone_change",
    ),
    path("priorities/<int:number>/", views.priority, name="priority"),
    path(UPDATE, update_views.update, name="update"),
    path(UPDATE + "decide/", update_views.decide, name="decide"),
    path("settings/", views.plan_settings, name="settings"),
]
