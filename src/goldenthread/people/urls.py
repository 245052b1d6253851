from django.urls import path

from goldenthread.people import views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("new/", views.person_edit, name="new"),
    path("<int:pk>/", views.person_edit, name="edit"),
]
