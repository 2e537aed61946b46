"""Top-level URLs of izlem."""

from django.contrib import admin
from django.urls import include, path

from izlem.core import views as core_views
from izlem.org import views as org_views
from izlem.reports.views import history as history_views
from izlem.reports.views import home as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("accounts/tokens/", include("izlem.api.token_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/2fa/", org_views.otp_manage, name="otp-manage"),
    path("accounts/2fa/setup/", org_views.otp_setup, name="otp-setup"),
    path("accounts/2fa/devices/<int:pk>/remove/", org_views.otp_device_remove, name="otp-device-remove"),
    path("accounts/2fa/recovery-codes/", org_views.otp_recovery_codes, name="otp-recovery-codes"),
    path("accounts/2fa/verify/", org_views.otp_verify, name="otp-verify"),
    path("notifications/", core_views.notification_list, name="notifications"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("izlem.org.urls")),
    path("plans/", include("izlem.plans.urls")),
    path("harezmi/", include("izlem.harezmi.urls")),
    path("monitoring/", include("izlem.monitoring.urls")),
    path("reports/", include("izlem.reports.urls")),
    path("history/<str:model_label>/<int:pk>/", history_views.object_history, name="object-history"),
    path("api/v1/", include("izlem.api.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "izlem.core.errors.server_error"
handler400 = "izlem.core.errors.bad_request"
handler403 = "izlem.core.errors.permission_denied"
handler404 = "izlem.core.errors.page_not_found"
