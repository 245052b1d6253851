from django.urls import path

from goldenthread.overview import views

app_name = "overview"
urlpatterns = [
    path("", views.home, name="home"),
    path("progress/", views.progress, name="progress"),
]
