from django.urls import path

from goldenthread.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.structure, name="structure"),
    path("<str:kind>/new/", views.structure_edit, name="new"),
    path("<str:kind>/<int:pk>/", views.structure_edit, name="edit"),
]
