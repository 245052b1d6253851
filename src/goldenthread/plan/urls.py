"""The Improvement Plan's addresses (namespace `plan`)."""

app_name = "plan"

urlpatterns: list[object] = []
