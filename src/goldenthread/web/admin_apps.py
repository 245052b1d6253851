"""Django's admin app, with goldenthread's admin site (web/admin_site.py)."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "goldenthread.web.admin_site.AdminSite"
