"""The risk register's spreadsheet addresses (namespace `risks_sheets`)."""

app_name = "risks_sheets"

urlpatterns: list[object] = []
