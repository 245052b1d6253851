from django.urls import path

from goldenthread.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.register, name="list"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/targets/<int:year>/", views.targets, name="targets"),
]
