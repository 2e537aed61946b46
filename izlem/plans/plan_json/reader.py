"""Reading an `izlem-plan/1` file into a `PlanDocument` for the one loader: the file is validated
against the schema and every violation is reported with its place ("goals[2].targets[0].code: …")."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _

from izlem.plans.exchange.sheets import LETTER_CATEGORY
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
from izlem.plans.plan_json.schema import FORMAT, MAX_MESSAGES, PlanJsonError, plan_json_schema


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
