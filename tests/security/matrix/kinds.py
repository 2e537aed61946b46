"""The shapes of the matrix's rules: a URL whose ids refer to an object of the scope world (`On`), and the
URL arguments of each kind of object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class On:
    """A URL whose ids refer to an object of `kind`; `policy` (a rule of tests/security/expected/) decides
    who may reach it (404 for the others, exactly like a missing id).

    For the API, `acts` (another rule) decides the write methods and actions on an object the user may
    see: refused with 403 (the API tells "not yours to do" from "no such thing").
    """

    kind: str
    kwargs: Callable[[object], dict]
    policy: str
    acts: str | None = None
    query: Callable[[object], dict] | None = None  # an object id given in the query string instead
    acts_on_get: bool = False  # the GET itself is the action (refused with 403 on a visible object)


def on(kind: str, kwargs: Callable[[object], dict], policy: str, acts: str | None = None, **options) -> On:
    return On(kind, kwargs, policy, acts, **options)


def history(label: str, kind: str) -> On:
    """The history page of an object of a plans/org model: the rule "history: <label>"."""

    def kwargs(o):
        return {"model_label": label, "pk": o.pk}

    return on(kind, kwargs, f"history: {label}")


def harezmi_history(name: str, kind: str) -> On:
    """The history page of a Harezmi record: the rule "harezmi history: <name>"."""

    def kwargs(o):
        return {"model_name": name, "pk": o.pk}

    return on(kind, kwargs, f"harezmi history: {name}")


# --- URL arguments, by object kind -----------------------------------------------------------------------
def pk(obj) -> dict:
    return {"pk": obj.pk}


def no_kwargs(obj) -> dict:
    return {}


def pk_pdf(obj) -> dict:
    return {"pk": obj.pk, "fmt": "pdf"}


def plan_pk(plan) -> dict:
    return {"plan_pk": plan.pk}


def period_pk(period) -> dict:
    return {"period_pk": period.pk}


def period_query(period) -> dict:
    return {"period": period.pk}


def node_pk(node) -> dict:
    return {"node_pk": node.pk}


def period_close(period) -> dict:
    return {"pk": period.pk, "action": "close"}


def approve_decision(submission) -> dict:
    return {"pk": submission.pk, "decision": "approve"}


def period_node(pair) -> dict:
    period, node = pair
    return {"period_pk": period.pk, "node_pk": node.pk}


def period_entity(pair) -> dict:
    period, node = pair
    return {"period_pk": period.pk, "entity_pk": node.pk}


def period_measure(progress) -> dict:
    return {"period_pk": progress.period_id, "measure_pk": progress.measure_id}


def entry_row(pair) -> dict:
    """The htmx line save of the school-level count row of the period's plan, for the entity."""
    from izlem.plans.models import IndicatorRow

    period, node = pair
    row = IndicatorRow.objects.get(indicator__plan_id=period.plan_id, indicator__code="1.1.2")
    return {"period_pk": period.pk, "entity_pk": node.pk, "row_pk": row.pk}


def session_week(session) -> dict:
    return {"pk": session.team_id, "week": session.week_start.isoformat()}
