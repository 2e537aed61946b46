"""Loading the goal tree: themes, goals, targets, and the measures with their responsible units."""

from __future__ import annotations

from django.utils.translation import gettext as _

from izlem.plans.importers.changes import measure_holdings
from izlem.plans.importers.document import PlanDocument, Problem
from izlem.plans.importers.loader.records import Writer, free_keys, match, match_by_code, new_uid
from izlem.plans.importers.ministry.layout import similar
from izlem.plans.importers.unit_matching import UnitMatcher
from izlem.plans.models import Goal, Measure, MeasureUnit, Plan, Target, Theme


def load_goals_and_targets(writer: Writer, plan: Plan, doc: PlanDocument, removals) -> dict[str, Target]:
    """Themes, goals and targets; returns targets by code."""
    theme_titles = list(dict.fromkeys([*doc.themes, *(goal.theme for goal in doc.goals if goal.theme)]))
    themes = {}
    for order, title in enumerate(theme_titles):
        themes[title] = writer.sync(Theme, {"plan": plan, "title": title}, {"order": order})
    writer.prune(plan.themes.all(), {theme.pk for theme in themes.values()})
    records = list(plan.goals.all())
    matched, left, used = match_by_code(Goal, doc.goals, records)
    goals = {}
    for order, (goal_doc, record) in enumerate(zip(doc.goals, matched, strict=True)):
        goals[goal_doc.code] = writer.sync(
            Goal,
            {"plan": plan},
            {
                "code": goal_doc.code,
                "title": goal_doc.title,
                "theme": themes.get(goal_doc.theme),
                "order": order,
            },
            existing=record,
            kind="goal",
            label=goal_doc.code,
            old_label=record.code if record else "",
            create=new_uid(goal_doc, used),
        )
    removals += [(1, "goal", record, record.code) for record in left]
    records = list(plan.targets.all())
    matched, left, used = match_by_code(Target, doc.targets, records)
    targets = {}
    for order, (target_doc, record) in enumerate(zip(doc.targets, matched, strict=True)):
        targets[target_doc.code] = writer.sync(
            Target,
            {"plan": plan},
            {
                "code": target_doc.code,
                "goal": goals[target_doc.goal_code],
                "statement": target_doc.statement,
                "rationale": target_doc.rationale,
                "current_status": target_doc.current_status,
                "expected_outcome": target_doc.expected_outcome,
                "order": order,
            },
            existing=record,
            kind="target",
            label=target_doc.code,
            old_label=record.code if record else "",
            create=new_uid(target_doc, used),
        )
    removals += [(2, "target", record, record.code) for record in left]
    return targets


def load_measures(writer, plan, doc, targets, matcher: UnitMatcher, problems, removals) -> dict[str, list]:
    """Measures and their units; unmapped unit phrases are kept as written and reported.

    A measure matched by its number alone whose text no longer resembles the stored one while it has
    progress reports is refused: the numbering may have shifted, and the reports would follow the
    number to another measure.
    """
    by_target: dict[str, list] = {}
    records = list(plan.measures.all())
    used = {str(record.uid) for record in records}
    matched, left = match(doc.measures, records, lambda d: d.number, lambda r: r.number)
    for measure_doc, record in zip(doc.measures, matched, strict=True):
        by_number = record is not None and str(record.uid) != measure_doc.uid
        if by_number and not similar(record.text, measure_doc.text):
            holds = measure_holdings(record)
            if holds:
                writer.refuse(
                    _("measure %(number)d") % {"number": record.number},
                    _(
                        "the document's measure %(number)d reads differently from the stored one, which has "
                        "%(holds)s; matched by its number alone, they would move to another measure. Keep the "
                        "numbers, or import a plan workbook, whose stable ids tell measures apart."
                    )
                    % {"number": record.number, "holds": holds.describe()},
                )
    moving = [r for d, r in zip(doc.measures, matched, strict=True) if r is not None and r.number != d.number]
    free_keys(Measure, "number", moving + left, lambda r: 1_000_000_000 + r.pk)
    for measure_doc, record in zip(doc.measures, matched, strict=True):
        measure = writer.sync(
            Measure,
            {"plan": plan},
            {
                "number": measure_doc.number,
                "target": targets[measure_doc.target_code],
                "text": measure_doc.text,
                "timing": measure_doc.timing,
            },
            existing=record,
            kind="measure",
            label=str(measure_doc.number),
            old_label=str(record.number) if record else "",
            create=new_uid(measure_doc, used),
        )
        link_ids = set()
        main_units = []
        for role, phrases in (
            (MeasureUnit.Role.MAIN, measure_doc.main_units),
            (MeasureUnit.Role.OTHER, measure_doc.other_units),
        ):
            for order, phrase in enumerate(phrases):
                unit = matcher.match(phrase)
                if unit is None:
                    problems.append(
                        Problem(
                            where=_("measure %(number)d") % {"number": measure_doc.number},
                            message=_(
                                "The responsible unit “%(phrase)s” matches no unit; it is kept as written."
                            )
                            % {"phrase": phrase},
                        )
                    )
                elif role == MeasureUnit.Role.MAIN:
                    main_units.append(unit)
                link = writer.sync(
                    MeasureUnit,
                    {"measure": measure, "role": role, "order": order},
                    {"unit": unit, "phrase": phrase},
                )
                link_ids.add(link.pk)
        writer.prune(measure.unit_links.all(), link_ids)
        by_target.setdefault(measure_doc.target_code, []).extend(main_units)
    removals += [(3, "measure", record, str(record.number)) for record in left]
    return by_target
