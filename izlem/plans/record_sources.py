"""Record sources: the named queries over the system's own records that a plan indicator may be bound to.

A plan binds an indicator to a source (`Indicator.computed_source` holds its key); the plan pages offer
the sources and the plan importer checks a file's binding, so the registry of the sources' identities
— key, label, what it counts — lives here, with the plans. Monitoring computes each source for an
entity and a period (`izlem.monitoring.computed`, one computation per key here) and knows which page
lists a source's records for a given reader; it registers that when the apps are ready
(`records_url_register`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# key, reader → the page listing the source's records that the reader may open (None: no such page)
_records_url: Callable[[str, object], str | None] | None = None


@dataclass(frozen=True)
class RecordSource:
    """A record source's identity: its key, its label and what it counts."""

    key: str
    label: Promise
    description: Promise

    def records_url_for(self, user) -> str | None:
        """The page listing the records behind the value that this reader may open (None: no such page)."""
        return _records_url(self.key, user) if _records_url is not None else None


SOURCES: dict[str, RecordSource] = {
    source.key: source
    for source in (
        RecordSource(
            "trainings_attended_staff",
            gettext_lazy("Staff who completed a training, seminar or course"),
            gettext_lazy(
                "Distinct people with a role in the unit or below it whose participation in a "
                "training was completed in the period."
            ),
        ),
        RecordSource(
            "trainings_held",
            gettext_lazy("Trainings, seminars and courses held"),
            gettext_lazy("Trainings organised by the unit or below it that started in the period."),
        ),
        RecordSource(
            "occupational_safety_trained",
            gettext_lazy("Teachers trained in occupational health and safety"),
            gettext_lazy(
                "Distinct teachers and principals of the unit or below it who completed an "
                "occupational health and safety training in the period."
            ),
        ),
        RecordSource(
            "mobility_teachers",
            gettext_lazy("Teachers in international mobility"),
            gettext_lazy("Teachers in mobility, summed over the projects that started in the period."),
        ),
        RecordSource(
            "mobility_students",
            gettext_lazy("Students in international mobility"),
            gettext_lazy("Students in mobility, summed over the projects that started in the period."),
        ),
        RecordSource(
            "eu_projects",
            gettext_lazy("EU projects"),
            gettext_lazy("eTwinning, Erasmus+ and other EU-funded projects that started in the period."),
        ),
        RecordSource(
            "vocational_eu_projects",
            gettext_lazy("EU projects of vocational and technical schools"),
            gettext_lazy(
                "EU projects of vocational and technical high schools and vocational education "
                "centres that started in the period."
            ),
        ),
    )
}


def source_choices() -> list[tuple[str, str]]:
    """The sources for a form's select, with "entered by hand" first."""
    return [("", _("Entered by hand"))] + [(key, str(source.label)) for key, source in SOURCES.items()]


def source_for(indicator) -> RecordSource | None:
    """The indicator's source, None if it is entered by hand (or bound to a source that no longer exists)."""
    return SOURCES.get(indicator.computed_source or "")


def records_url_register(resolver: Callable[[str, object], str | None]) -> None:
    """Set how a source's records page is found for a reader (the app computing the sources calls it)."""
    global _records_url
    _records_url = resolver
