"""Audit completeness: every business model of the izlem apps keeps a simple-history trail, and no page,
endpoint or admin screen can change or delete audit rows."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Technical models without a history table, each with the reason (a new model must be added here
# deliberately, or get `history = HistoricalRecords()`).
NOT_AUDITED = {
    "core.Notification": "a message to one user; its only change is 'read'",
    "core.PersonalDataAccess": "is itself the append-only access log (KVKK)",
    "core.AccountSecurityEvent": "is itself the append-only record of two-factor changes",
    "monitoring.PeriodEvent": "is itself the append-only record of period transitions",
    "monitoring.SubmissionEvent": "is itself the append-only record of submission transitions",
    "monitoring.BulkUpload": "a processing record; the values it writes are audited in Value's history",
    "reports.ReportJob": "generated output, rebuilt from audited data",
    "reports.Publication": "a frozen snapshot; its one change (revocation) is stored in revoked_at/revoked_by",
    "api.ApiToken": "a credential (only its hash is stored); creation and revocation dates are on the row",
}


def _izlem_models():
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("izlem.") and not m.__name__.startswith("Historical")
    ]


def _has_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def test_every_business_model_is_audited():
    models = _izlem_models()
    missing = sorted(
        m._meta.label for m in models if not _has_history(m) and m._meta.label not in NOT_AUDITED
    )
    assert missing == [], f"business models without HistoricalRecords(): {missing}"
    assert len(models) > 30  # the enumeration really ran over the apps


def test_the_allow_list_holds_only_existing_unaudited_models():
    labels = {m._meta.label: m for m in _izlem_models()}
    assert all(label in labels and not _has_history(labels[label]) for label in NOT_AUDITED)


def test_no_admin_registration_of_a_history_model_and_revert_is_off(settings):
    registered = [m for m in admin.site._registry if m.__name__.startswith("Historical")]
    assert registered == []
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True


def _callbacks(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_api_endpoint_serves_a_history_model():
    served = []
    for route, callback in _callbacks(get_resolver()):
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        queryset = getattr(view, "queryset", None)
        model = getattr(queryset, "model", None)
        if model is not None and model.__name__.startswith("Historical"):
            served.append(route)
    assert served == []


def test_the_history_page_is_read_only(world, client):
    from izlem.org.services import node_update

    node_update(node=world.school_a1, by=world.district_manager, name="Yeni Ad")
    rows = list(world.school_a1.history.values_list("history_id", "name"))
    client.force_login(world.province_manager)
    url = reverse("object-history", args=["org.orgnode", world.school_a1.pk])
    for method in (client.post, client.put, client.delete):
        assert method(url).status_code in {403, 405}
    assert list(world.school_a1.history.values_list("history_id", "name")) == rows
