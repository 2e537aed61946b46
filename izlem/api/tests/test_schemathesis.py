"""Schemathesis over the whole OpenAPI document, in-process (no server), as a planning officer.

Every operation is called with generated data — valid (positive) and invalid (negative) — in the
examples, coverage and fuzzing phases, and every response is checked by all of schemathesis's checks
(`--checks all`) with one exclusion, for write operations only:

* `positive_data_acceptance` is excluded for POST/PUT/PATCH: a schema cannot say that a period's
  year lies in its plan's years, that an entity only enters its own rows, that a percentage's
  numerator is at most its denominator, or that a user name is still free; such schema-valid
  requests are rightly refused with 400 (or 403/409/422). It stays on for every GET: a valid filter,
  page or ordering is never refused.

Random ids rarely exist, so two thirds of the valid (positive) cases are steered to real records the
officer may work on — the open period, the province's submission and value, a deviation, a measure …
— so that successful answers (and their bodies) are checked too, not only 404s. The stateful checks
(`use_after_free`, `ensure_resource_availability`) have nothing to follow in a stateless run.
"""

from __future__ import annotations

import zlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from izlem.api.tests.conftest import token_for
from izlem.monitoring.models import Value
from izlem.org.models import Unit
from izlem.plans.models import (
    ArchitectureComponent,
    CostLine,
    PestItem,
    ProblemArea,
    Stakeholder,
    SwotItem,
    TowsStrategy,
    YearValue,
)
from izlem.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def keep_connection():
    """Schemathesis calls the bare WSGI application, whose request signals would close the test's
    database connection (inside its transaction) on PostgreSQL; Django's own test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz(world, plan_data, keep_connection):
    """The officer's token, and real ids by resource (path) and by body field."""
    plan, period = plan_data.plan, plan_data.period
    first = {
        model: model.objects.filter(plan=plan).first().pk
        for model in (
            ArchitectureComponent,
            CostLine,
            PestItem,
            ProblemArea,
            Stakeholder,
            SwotItem,
            TowsStrategy,
        )
    }
    by_resource = {
        "nodes": world.province.pk,
        "units": plan_data.province_row.indicator.responsible_unit_id,
        "plans": plan.pk,
        "goals": plan.goals.get().pk,
        "targets": plan.targets.get().pk,
        "indicators": plan_data.province_row.indicator_id,
        "year-values": YearValue.objects.get(row=plan_data.province_row, kind="target", year=2016).pk,
        "measures": plan_data.measure.pk,
        "cost-lines": first[CostLine],
        "swot-items": first[SwotItem],
        "tows-strategies": first[TowsStrategy],
        "pest-items": first[PestItem],
        "stakeholders": first[Stakeholder],
        "problem-areas": first[ProblemArea],
        "architecture": first[ArchitectureComponent],
        "periods": period.pk,
        "submissions": plan_data.province_submission.pk,
        "values": Value.objects.get(row=plan_data.province_row).pk,
        "deviations": plan_data.deviation.pk,
        "measure-progress": plan_data.progress.pk,
    }
    by_field = {
        "plan": plan.pk,
        "period": period.pk,
        "entity": world.province.pk,
        "row": plan_data.province_row.pk,
        "measure": plan_data.measure.pk,
        "node": world.province.pk,
        "unit": Unit.objects.get(code="strateji").pk,
        "user": world.planning_officer.pk,
    }
    return token_for(world.planning_officer), by_resource, by_field


def _steer(case, by_resource: dict, by_field: dict) -> None:
    """Point a valid case at real records (two cases in three, chosen from the case itself)."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if zlib.crc32(repr((case.path_parameters, case.query, case.body)).encode()) % 3 == 0:
        return
    resource = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    if case.path_parameters and "id" in case.path_parameters and resource in by_resource:
        case.path_parameters["id"] = by_resource[resource]
    if isinstance(case.body, dict):
        for name, real in by_field.items():
            if isinstance(case.body.get(name), int) and not isinstance(case.body.get(name), bool):
                case.body[name] = real


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, fuzz):
    token, by_resource, by_field = fuzz
    _steer(case, by_resource, by_field)
    excluded = [positive_data_acceptance] if case.method.upper() in WRITES else []
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)
