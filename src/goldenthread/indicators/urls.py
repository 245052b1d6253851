from django.urls import path

from goldenthread.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.register, name="list"),
    path("new/", views.indicator_edit, name="new"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/edit/", views.indicator_edit, name="edit"),
    path("<str:reference>/targets/<int:year>/", views.targets, name="targets"),
]
