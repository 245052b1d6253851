from django.urls import path

from goldenthread.schemes import views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("new/", views.scheme_new, name="new"),
    path("<slug:key>/", views.scheme_edit, name="edit"),
    path("<slug:key>/delete/", views.scheme_delete, name="delete"),
]
