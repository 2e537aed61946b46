"""The change plan of a plan import: what it adds, changes, renames, removes or keeps, and what it refuses.

The loader works every change out inside one transaction and records it here; `import_plan` prints
the same plan for a dry run (then rolls back) and for a real run (then commits). A refusal rolls the
whole import back. What is refused and why: docs/plan-import.md, "Change plan and refusals".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from izlem.core.formats import format_decimal

# Kinds shown line by line; any other record is summed up per kind ("PEST maddesi: 2 eklendi").
DETAILED = ("plan", "goal", "target", "indicator", "row", "measure", "year_value")


def kind_name(kind: str) -> str:
    """The Turkish noun for a kind of record in the change plan."""
    return {
        "plan": _("plan"),
        "goal": _("goal"),
        "target": _("target"),
        "indicator": _("indicator"),
        "row": _("indicator row"),
        "measure": _("measure"),
        "year_value": _("yearly value"),
    }.get(kind, kind)


def shown(value) -> str:
    """A field value as the change plan prints it: Turkish numbers, short texts, “—” for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return format_decimal(value.normalize() if value == value.to_integral() else value)
    if isinstance(value, models.Model):
        return str(value)
    text = " ".join(str(value).split())
    return f"“{text[:47]}…”" if len(text) > 48 else f"“{text}”"


@dataclass
class Change:
    """One line of the change plan."""

    kind: str  # see DETAILED; other kinds are a model's verbose name
    label: str  # "1.1.2 / Ortaokul", "tedbir 58"
    action: str  # added, changed, renamed, removed, kept
    details: list[str] = field(default_factory=list)
    old_label: str = ""

    def describe(self) -> str:
        """The line as printed."""
        what = f"{kind_name(self.kind)} {self.label}"
        if self.action == "added":
            text = _("+ %(what)s added") % {"what": what}
        elif self.action == "removed":
            text = _("- %(what)s removed") % {"what": what}
        elif self.action == "renamed":
            text = _("> %(kind)s %(old)s renamed to %(new)s") % {
                "kind": kind_name(self.kind),
                "old": self.old_label,
                "new": self.label,
            }
        elif self.action == "kept":
            text = _("= %(what)s: a planner's edit is kept") % {"what": what}
        else:
            text = _("~ %(what)s changed") % {"what": what}
        return f"{text}: {'; '.join(self.details)}" if self.details else text


def _label(model_field: models.Field | None, value):
    """A choice as people read it ("maximum", not "max")."""
    if model_field is not None and model_field.choices and isinstance(value, str):
        return str(dict(model_field.flatchoices).get(value, value))
    return value


def field_change(model_field: models.Field, old, new) -> str:
    """“field: old → new”."""
    return (
        f"{model_field.verbose_name}: {shown(_label(model_field, old))} → {shown(_label(model_field, new))}"
    )


def kept_edit(name: str, kept, document, model_field: models.Field | None = None) -> str:
    """“field: planner's value kept (document: …)”."""
    return _("%(field)s: %(kept)s kept (the document says %(document)s)") % {
        "field": name,
        "kept": shown(_label(model_field, kept)),
        "document": shown(_label(model_field, document)),
    }


@dataclass
class Holdings:
    """The monitoring data a plan record carries: what makes removing or re-levelling it unsafe."""

    values: int = 0
    deviations: int = 0  # explained ones: a cause or a corrective action was written
    progress: int = 0
    spending: int = 0
    computed: list[str] = field(default_factory=list)

    def __add__(self, other: Holdings) -> Holdings:
        return Holdings(
            self.values + other.values,
            self.deviations + other.deviations,
            self.progress + other.progress,
            self.spending + other.spending,
            self.computed + other.computed,
        )

    def __bool__(self) -> bool:
        return bool(self.values or self.deviations or self.progress or self.spending or self.computed)

    def describe(self) -> str:
        """“120 değer, 2 sapma açıklaması”."""
        parts = []
        if self.values:
            parts.append(ngettext("%(n)d value", "%(n)d values", self.values) % {"n": self.values})
        if self.deviations:
            parts.append(
                ngettext("%(n)d explained deviation", "%(n)d explained deviations", self.deviations)
                % {"n": self.deviations}
            )
        if self.progress:
            parts.append(
                ngettext("%(n)d progress report", "%(n)d progress reports", self.progress)
                % {"n": self.progress}
            )
        if self.spending:
            parts.append(
                ngettext("%(n)d spending record", "%(n)d spending records", self.spending)
                % {"n": self.spending}
            )
        parts += [_("a binding to computed data (%(source)s)") % {"source": s} for s in self.computed]
        return ", ".join(parts)


def row_holdings(row) -> Holdings:
    """Values and explained deviations of one indicator row (through the reverse relations, so that
    plans does not import monitoring)."""
    return Holdings(
        values=row.values.count(),
        deviations=row.deviations.exclude(cause="", corrective_action="").count(),
    )


def indicator_holdings(indicator) -> Holdings:
    """Everything its rows hold, and its computed binding."""
    total = Holdings(computed=[indicator.computed_source] if indicator.computed_source else [])
    for row in indicator.rows.all():
        total = total + row_holdings(row)
    return total


def measure_holdings(measure) -> Holdings:
    """Its progress reports."""
    return Holdings(progress=measure.progress.count())


def target_holdings(target) -> Holdings:
    """What is still attached to the target: indicators, measures and spending records."""
    total = Holdings(spending=target.spending.count())
    for indicator in target.indicators.all():
        total = total + indicator_holdings(indicator)
    for measure in target.measures.all():
        total = total + measure_holdings(measure)
    return total


def goal_holdings(goal) -> Holdings:
    """What its targets still hold."""
    total = Holdings()
    for target in goal.targets.all():
        total = total + target_holdings(target)
    return total


@dataclass
class ChangePlan:
    """Every change an import makes, in order, and every refusal."""

    changes: list[Change] = field(default_factory=list)
    refusals: list = field(default_factory=list)  # of Problem

    def lines(self) -> list[str]:
        """The plan as printed: detailed kinds line by line, the rest summed up per kind."""
        lines = [c.describe() for c in self.changes if c.kind in DETAILED]
        summary: dict[str, dict[str, int]] = {}
        for change in self.changes:
            if change.kind not in DETAILED:
                counts = summary.setdefault(change.kind, {})
                counts[change.action] = counts.get(change.action, 0) + 1
        words = {"added": _("added"), "changed": _("changed"), "removed": _("removed")}
        for kind, counts in summary.items():
            parts = [f"{n} {words.get(action, action)}" for action, n in counts.items()]
            lines.append(f"{kind}: {', '.join(parts)}")
        return lines
