from django.urls import path

from goldenthread.mfa import views

app_name = "mfa"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("code/", views.verify, name="verify"),
    path("set-up/", views.setup, name="setup"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("reset/<int:pk>/", views.reset, name="reset"),
]
