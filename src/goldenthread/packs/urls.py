from django.urls import path

from goldenthread.packs import views

app_name = "packs"
urlpatterns = [
    path("", views.pack_list, name="list"),
    path("template.docx", views.default_template, name="default_template"),
    path("<int:pack_id>/", views.detail, name="detail"),
    path("<int:pack_id>/<str:fmt>/", views.pack_file, name="file"),
]
