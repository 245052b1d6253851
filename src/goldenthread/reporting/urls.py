from django.urls import path

from goldenthread.reporting import views

app_name = "reporting"
urlpatterns = [path("reporting/", views.reporting_settings, name="settings")]
