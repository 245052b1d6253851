from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_http_methods

urlpatterns = [
    path("", include("goldenthread.overview.urls")),
    path("", include("goldenthread.overview.export_urls")),  # downloads of the tables
    path("", include("goldenthread.indicators.export_urls")),
    path("returns/", include("goldenthread.returns.urls")),
    path("sign-off/", include("goldenthread.submissions.urls")),
    path("register/spreadsheet/", include("goldenthread.indicators.register_urls")),
    path("register/", include("goldenthread.overview.indicator_urls")),
    path("organisations/", include("goldenthread.people.structure_urls")),
    path("people/", include("goldenthread.people.urls")),
    path("plan/spreadsheet/", include("goldenthread.plan.sheet_urls")),
    path("plan/", include("goldenthread.plan.urls")),
    path("risks/spreadsheet/", include("goldenthread.risks.sheet_urls")),
    path("risks/", include("goldenthread.risks.urls")),
    path("finance/", include("goldenthread.finance.urls")),
    path("packs/", include("goldenthread.packs.urls")),
    path("audit/", include("goldenthread.audit.urls")),
    path("help/", include("goldenthread.overview.help_urls")),
    path("second-factor/", include("goldenthread.mfa.urls")),
    path("settings/", include("goldenthread.reporting.urls")),
    path("settings/schemes/", include("goldenthread.schemes.urls")),
    path(
        "sign-in/",
        require_http_methods(["GET", "HEAD", "POST"])(  # LoginView takes PUT as POST
            auth_views.LoginView.as_view(template_name="web/sign_in.html")
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
