from django.urls import path

from goldenthread.people import structure_views as views

app_name = "organisations"  # the structure: /organisations/
urlpatterns = [
    path("", views.structure, name="structure"),
    path("<str:kind>/new/", views.structure_edit, name="new"),
    path("<str:kind>/<int:pk>/", views.structure_edit, name="edit"),
]
