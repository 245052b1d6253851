from django.urls import path

from goldenthread.submissions import awaiting_views

app_name = "submissions"
urlpatterns = [
    path("", awaiting_views.awaiting, name="awaiting"),
]
