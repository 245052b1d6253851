"""The Improvement Plan's spreadsheet addresses (namespace `plan_sheets`)."""

app_name = "plan_sheets"

urlpatterns: list[object] = []
