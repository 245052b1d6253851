"""Help pages (namespace `help`): the glossary."""

from django.urls import path

from goldenthread.overview import help_views

app_name = "help"
urlpatterns = [
    path("glossary/", help_views.glossary, name="glossary"),
]
