"""The plan as JSON, format `izlem-plan/1`: complete, deterministic, versioned and importable.

`plan_json(plan)` writes every part of a plan the system holds, nested the way the plan is read
(goals → targets → indicators → rows, targets → measures), and `read_plan_json` reads it back into a
`PlanDocument` for the one loader. The shape is the JSON Schema `izlem/plans/schemas/izlem-plan-1.schema.json`
(docs/plan-import.md, "JSON format"); a file is validated against it and every violation is reported
with its place ("goals[2].targets[0].code: …").

Deterministic: records in the plan's own order, keys in a fixed order, numbers as strings with `.` as
the decimal mark (`plain_decimal`), so export → import into an empty database → export gives the same
bytes. The field marked `readOnly` in the schema (a row's education level, which the system derives
from its breakdown) is written for readers and derived again on import; who owes a row travels (a
planning officer's choice differs from what izlem derives and is kept as one), and so does a new
indicator's record source.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from izlem.plans.exchange import LETTER_CATEGORY, plain_decimal
from izlem.plans.importers.document import (
    ArchitectureDoc,
    CommitteeDoc,
    CostLineDoc,
    GoalDoc,
    IndicatorDoc,
    IndicatorRowDoc,
    MeasureDoc,
    PestDoc,
    PlanDocument,
    ProblemAreaDoc,
    StakeholderDoc,
    SwotDoc,
    TargetDoc,
    TowsDoc,
)
from izlem.plans.models import MeasureUnit, Plan, YearValue

FORMAT = "izlem-plan/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "izlem-plan-1.schema.json"
STAKEHOLDER_ROLES = ("core_partner", "strategic_partner", "supplier", "beneficiary")
MAX_MESSAGES = 50  # a wholly wrong file would otherwise list thousands of lines


class PlanJsonError(ValueError):
    """A JSON plan that cannot be read; `messages` name the place of each problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@cache
def plan_json_schema() -> dict:
    """The JSON Schema of `izlem-plan/1` (committed beside this module)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# --- writing -----------------------------------------------------------------------------------------
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


# --- reading -----------------------------------------------------------------------------------------
def _path(parts) -> str:
    """`goals[2].targets[0].code` from a jsonschema path."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _("the file")


def _shown(value) -> str:
    """A JSON value as the file writes it (a number stays unquoted), cut to fit a message."""
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:59] + "…"


def _schema_message(error) -> str:
    """A jsonschema error as a whole Turkish sentence with its place."""
    where = _path(error.absolute_path)
    validator, value = error.validator, error.validator_value
    if validator == "required":
        missing = [name for name in value if isinstance(error.instance, dict) and name not in error.instance]
        return _("%(where)s: the field “%(field)s” is missing.") % {
            "where": where,
            "field": missing[0] if missing else "",
        }
    if validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return _("%(where)s: “%(field)s” is not a field of this format.") % {
            "where": where,
            "field": ", ".join(extra),
        }
    if validator == "type":
        names = {
            "string": _("a text"),
            "integer": _("a whole number"),
            "array": _("a list"),
            "object": _("an object"),
            "boolean": _("true or false"),
            "null": _("null"),
        }
        wanted = value if isinstance(value, list) else [value]
        return _("%(where)s: %(value)s must be %(type)s.") % {
            "where": where,
            "value": _shown(error.instance),
            "type": _(" or ").join(str(names.get(name, name)) for name in wanted),
        }
    if validator == "enum":
        return _("%(where)s: “%(value)s” is not one of: %(choices)s.") % {
            "where": where,
            "value": error.instance,
            "choices": ", ".join(str(choice) for choice in value),
        }
    if validator == "minLength":
        return _("%(where)s: this field must not be empty.") % {"where": where}
    if validator == "pattern":
        return _("%(where)s: “%(value)s” is not in the expected form (%(form)s).") % {
            "where": where,
            "value": error.instance,
            "form": error.schema.get("description", value),
        }
    if validator in ("minimum", "maximum"):
        return _("%(where)s: %(value)s is out of range.") % {"where": where, "value": error.instance}
    if validator == "const":
        return _("%(where)s: must be %(value)s.") % {"where": where, "value": json.dumps(value)}
    return _("%(where)s: the value does not fit the izlem-plan/1 format (%(rule)s).") % {
        "where": where,
        "rule": validator,
    }


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _year_map(mapping: dict) -> dict[int, Decimal | None]:
    return {int(year): _number(value) for year, value in mapping.items()}


def read_plan_json(name: str, data: bytes) -> PlanDocument:
    """Read an `izlem-plan/1` file into a PlanDocument; raise PlanJsonError with located messages."""
    from jsonschema import Draft202012Validator

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanJsonError([_("%(name)s is not UTF-8 encoded JSON.") % {"name": name}]) from exc
    try:
        content = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise PlanJsonError(
            [
                _("%(name)s, line %(line)d, column %(column)d: the file is not valid JSON (%(reason)s).")
                % {"name": name, "line": exc.lineno, "column": exc.colno, "reason": exc.msg}
            ]
        ) from exc
    if not isinstance(content, dict) or "format" not in content:
        raise PlanJsonError(
            [
                _(
                    "%(name)s has no “format” field: it is not an izlem plan. izlem reads JSON plans in "
                    "the format %(format)s, as izlem exports them."
                )
                % {"name": name, "format": FORMAT}
            ]
        )
    if content["format"] != FORMAT:
        raise PlanJsonError(
            [
                _("%(name)s is in the format “%(found)s”; izlem reads JSON plans in the format %(format)s.")
                % {"name": name, "found": content["format"], "format": FORMAT}
            ]
        )
    validator = Draft202012Validator(plan_json_schema())
    errors = sorted(validator.iter_errors(content), key=lambda e: [str(p) for p in e.absolute_path])
    messages = [_schema_message(error) for error in errors]
    if not messages:
        messages = _check_references(content)
    if messages:
        more = len(messages) - MAX_MESSAGES
        messages = messages[:MAX_MESSAGES]
        if more > 0:
            messages.append(_("… and %(count)d more problems.") % {"count": more})
        raise PlanJsonError(messages)
    return _document(content)


def _check_references(content: dict) -> list[str]:
    """What a schema cannot say: stable ids used once, TOWS citations of the SWOT form, decimals."""
    messages = []
    seen: dict[str, str] = {}

    def uid(value: str, where: str) -> None:
        if not value:
            return
        if value in seen:
            messages.append(
                _("%(where)s.uid: the stable id is also at %(other)s; a copied record must have it emptied.")
                % {"where": where, "other": seen[value]}
            )
        seen[value] = where

    for g, goal in enumerate(content["goals"]):
        uid(goal["uid"], f"goals[{g}]")
        for t, target in enumerate(goal["targets"]):
            uid(target["uid"], f"goals[{g}].targets[{t}]")
            for i, indicator in enumerate(target["indicators"]):
                uid(indicator["uid"], f"goals[{g}].targets[{t}].indicators[{i}]")
                row_ids = Counter(row["uid"] for row in indicator["rows"] if row["uid"])
                for r, row in enumerate(indicator["rows"]):
                    if row["uid"] and row_ids[row["uid"]] > 1:
                        messages.append(
                            _("%(where)s.uid: the stable id is used by another row of the same indicator.")
                            % {"where": f"goals[{g}].targets[{t}].indicators[{i}].rows[{r}]"}
                        )
            for m, measure in enumerate(target["measures"]):
                uid(measure["uid"], f"goals[{g}].targets[{t}].measures[{m}]")
    for s, strategy in enumerate(content["tows"]):
        for c, cite in enumerate(strategy["cites"]):
            if cite[-1:] not in LETTER_CATEGORY:
                messages.append(
                    _("%(where)s: “%(value)s” is not a SWOT citation such as 2G or 1F.")
                    % {"where": f"tows[{s}].cites[{c}]", "value": cite}
                )
    return messages


def _document(content: dict) -> PlanDocument:
    """Build the PlanDocument from a validated `izlem-plan/1` object."""
    head = content["plan"]
    doc = PlanDocument(
        title=head["title"],
        owner_name=head["owner_name"],
        province_name=head["province_name"],
        period_start=head["period_start"],
        period_end=head["period_end"],
        mission=head["mission"],
        vision=head["vision"],
        values=list(head["values"]),
        internal_survey_count=head["internal_survey_count"],
        external_survey_count=head["external_survey_count"],
        meetings=list(head["meetings"]),
        committees=[
            CommitteeDoc(name=c["name"], members=[(m["name"], m["title"]) for m in c["members"]])
            for c in content["committees"]
        ],
        themes=list(content["themes"]),
    )
    for g, goal in enumerate(content["goals"]):
        doc.goals.append(
            GoalDoc(code=goal["code"], title=goal["title"], theme=goal["theme"], uid=goal["uid"])
        )
        if goal["theme"] and goal["theme"] not in doc.themes:
            doc.themes.append(goal["theme"])
        for t, target in enumerate(goal["targets"]):
            doc.targets.append(
                TargetDoc(
                    code=target["code"],
                    goal_code=goal["code"],
                    statement=target["statement"],
                    rationale=target["rationale"],
                    current_status=target["current_status"],
                    expected_outcome=target["expected_outcome"],
                    uid=target["uid"],
                )
            )
            for i, indicator in enumerate(target["indicators"]):
                where = f"goals[{g}].targets[{t}].indicators[{i}]"
                doc.indicators.append(
                    IndicatorDoc(
                        code=indicator["code"],
                        target_code=target["code"],
                        name=indicator["name"],
                        unit=indicator["unit"],
                        rows=[
                            IndicatorRowDoc(
                                breakdown=row["breakdown"] or None,
                                baselines=_year_map(row["baselines"]),
                                target=_number(row["target"]),
                                target_year=doc.period_end,
                                yearly_targets=_year_map(row["yearly_targets"]),
                                uid=row["uid"],
                                where=f"{where}.rows[{r}]",
                                applicability=(
                                    list(row["applicable_levels"]),
                                    list(row["applicable_school_types"]),
                                ),
                                bounds=(_number(row["valid_min"]), _number(row["valid_max"]))
                                if "valid_min" in row or "valid_max" in row
                                else None,
                            )
                            for r, row in enumerate(indicator["rows"])
                        ],
                        responsible_unit=indicator["responsible_unit"],
                        responsible_unit_code=indicator["responsible_unit_code"],
                        data_source=indicator["data_source"],
                        definition=indicator["definition"],
                        collection_level=indicator["collection_level"],
                        aggregation=indicator["aggregation"],
                        weight_name=indicator["weight"],
                        frequency=indicator["frequency"],
                        direction=indicator["direction"],
                        computed_source=indicator["computed_source"],
                        uid=indicator["uid"],
                        where=where,
                    )
                )
            for measure in target["measures"]:
                doc.measures.append(
                    MeasureDoc(
                        number=measure["number"],
                        target_code=target["code"],
                        text=measure["text"],
                        main_units=list(measure["main_units"]),
                        other_units=list(measure["other_units"]),
                        timing=measure["timing"],
                        uid=measure["uid"],
                    )
                )
    doc.costs = [
        CostLineDoc(
            key=line["key"],
            kind=line["kind"],
            amount=_number(line["amount"]),
            share=_number(line["share"]),
            yearly={int(year): Decimal(value) for year, value in line["yearly"].items() if value is not None},
        )
        for line in content["costs"]
    ]
    doc.stakeholders = [
        StakeholderDoc(
            name=s["name"],
            internal=s["internal"],
            roles=list(s["roles"]),
            priority=s["priority"],
            reason=s["reason"],
        )
        for s in content["stakeholders"]
    ]
    doc.pest = [PestDoc(category=p["category"], text=p["text"]) for p in content["pest"]]
    doc.swot = [
        SwotDoc(category=s["category"], theme=s["theme"], number=s["number"], text=s["text"])
        for s in content["swot"]
    ]
    doc.tows = [
        TowsDoc(
            kind=t["kind"],
            text=t["text"],
            cites=[(LETTER_CATEGORY[cite[-1]], int(cite[:-1])) for cite in t["cites"]],
        )
        for t in content["tows"]
    ]
    doc.problem_areas = [ProblemAreaDoc(theme=p["theme"], text=p["text"]) for p in content["problem_areas"]]
    doc.architecture = [
        ArchitectureDoc(code=a["code"], title=a["title"], theme=a["theme"]) for a in content["architecture"]
    ]
    return doc
