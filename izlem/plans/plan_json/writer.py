"""Writing a plan as `izlem-plan/1` JSON: every part, in the plan's own order, keys in a fixed order,
numbers as plain strings, so that export → import → export gives the same bytes."""

from __future__ import annotations

import json
from decimal import Decimal

from izlem.plans.exchange.sheets import plain_decimal
from izlem.plans.models import MeasureUnit, Plan, YearValue
from izlem.plans.plan_json.schema import FORMAT, STAKEHOLDER_ROLES


def _decimal_text(value) -> str | None:
    """A stored number (Decimal, or a string in a JSON field) as a plain string; None stays None."""
    if value is None or value == "":
        return None
    return plain_decimal(Decimal(str(value)))


def _years(mapping: dict[int, Decimal | None]) -> dict[str, str | None]:
    return {str(year): _decimal_text(value) for year, value in sorted(mapping.items())}


def plan_json(plan: Plan) -> dict:
    """The whole plan in the `izlem-plan/1` shape, in a fixed number of queries."""
    plan = Plan.objects.select_related("owner__parent").get(pk=plan.pk)
    indicators = list(
        plan.indicators.select_related("target", "responsible_unit").prefetch_related("rows__year_values")
    )
    measures = list(plan.measures.select_related("target").prefetch_related("unit_links"))
    province = plan.owner.province if plan.owner_id else None
    goals = list(plan.goals.select_related("theme"))
    targets = list(plan.targets.select_related("goal"))
    return {
        "format": FORMAT,
        "plan": {
            "title": plan.title,
            "owner_name": plan.owner_name,
            "province_name": province.name if province else "",
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "mission": plan.mission,
            "vision": plan.vision,
            "values": list(plan.values),
            "internal_survey_count": plan.internal_survey_count,
            "external_survey_count": plan.external_survey_count,
            "meetings": list(plan.meetings),
        },
        "committees": [
            {
                "name": committee.name,
                "members": [{"name": m.name, "title": m.title} for m in committee.members.all()],
            }
            for committee in plan.committees.prefetch_related("members")
        ],
        "themes": [theme.title for theme in plan.themes.all()],
        "goals": [
            {
                "uid": str(goal.uid),
                "code": goal.code,
                "title": goal.title,
                "theme": goal.theme.title if goal.theme else "",
                "targets": [
                    _target_json(target, indicators, measures, plan)
                    for target in targets
                    if target.goal_id == goal.pk
                ],
            }
            for goal in goals
        ],
        "costs": [
            {
                "kind": line.kind,
                "key": line.key,
                "amount": plain_decimal(line.amount, 2),
                "share": plain_decimal(line.share_printed, 2),
                "yearly": {
                    str(year): _decimal_text(line.yearly[str(year)])
                    for year in sorted(int(y) for y in line.yearly)
                },
            }
            for line in plan.cost_lines.all()
        ],
        "stakeholders": [
            {
                "name": s.name,
                "internal": s.internal,
                "roles": [role for role in STAKEHOLDER_ROLES if getattr(s, role)],
                "priority": s.priority,
                "reason": s.reason,
            }
            for s in plan.stakeholders.all()
        ],
        "pest": [{"category": p.category, "text": p.text} for p in plan.pest_items.order_by("order", "pk")],
        "swot": [
            {"category": s.category, "number": s.number, "theme": s.theme, "text": s.text}
            for s in plan.swot_items.all()
        ],
        "tows": [
            {
                "kind": t.kind,
                "text": t.text,
                "cites": [
                    item.citation for item in sorted(t.cites.all(), key=lambda i: (i.category, i.number))
                ],
            }
            for t in plan.tows_strategies.order_by("order", "pk").prefetch_related("cites")
        ],
        "problem_areas": [{"theme": p.theme, "text": p.text} for p in plan.problem_areas.all()],
        "architecture": [
            {"code": a.code, "title": a.title, "theme": a.theme} for a in plan.architecture.all()
        ],
    }


def _target_json(target, indicators, measures, plan: Plan) -> dict:
    """One target with its indicators and measures."""
    return {
        "uid": str(target.uid),
        "code": target.code,
        "statement": target.statement,
        "rationale": target.rationale,
        "current_status": target.current_status,
        "expected_outcome": target.expected_outcome,
        "indicators": [_indicator_json(i, plan) for i in indicators if i.target_id == target.pk],
        "measures": [
            {
                "uid": str(m.uid),
                "number": m.number,
                "text": m.text,
                "timing": m.timing,
                "main_units": [
                    link.phrase for link in m.unit_links.all() if link.role == MeasureUnit.Role.MAIN
                ],
                "other_units": [
                    link.phrase for link in m.unit_links.all() if link.role == MeasureUnit.Role.OTHER
                ],
            }
            for m in measures
            if m.target_id == target.pk
        ],
    }


def _indicator_json(indicator, plan: Plan) -> dict:
    """One indicator with how it is collected and judged, and its value rows."""
    rows = []
    for row in indicator.rows.all():
        baselines, targets = {}, {}
        for value in row.year_values.all():
            (baselines if value.kind == YearValue.Kind.BASELINE else targets)[value.year] = value.value
        rows.append(
            {
                "uid": str(row.uid),
                "breakdown": row.breakdown,
                "level": row.level,
                "applicable_levels": list(row.applicable_levels),
                "applicable_school_types": list(row.applicable_school_types),
                "valid_min": _decimal_text(row.valid_min),
                "valid_max": _decimal_text(row.valid_max),
                "baselines": _years(baselines),
                "target": _decimal_text(targets.pop(plan.period_end, None)),
                "yearly_targets": _years(targets),
            }
        )
    return {
        "uid": str(indicator.uid),
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "responsible_unit": indicator.responsible_unit_text,
        "responsible_unit_code": indicator.responsible_unit.code if indicator.responsible_unit_id else "",
        "data_source": indicator.data_source,
        "definition": indicator.definition,
        "collection_level": indicator.collection_level,
        "aggregation": indicator.aggregation,
        "weight": indicator.weight_name,
        "frequency": indicator.frequency,
        "direction": indicator.direction,
        "computed_source": indicator.computed_source,
        "rows": rows,
    }


def plan_json_text(plan: Plan) -> str:
    """The plan as the exact text of a `.json` file: UTF-8, two-space indent, a final newline."""
    return json.dumps(plan_json(plan), ensure_ascii=False, indent=2) + "\n"
