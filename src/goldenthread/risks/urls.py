"""The risk register's addresses (namespace `risks`)."""

app_name = "risks"

urlpatterns: list[object] = []
