"""Read a provincial education directorate's strategic plan in the Ministry-template text layout.

The text is a Word document flattened to plain text. A table cell is a line starting with a TAB; an
empty cell is a line holding only a TAB; a row ends at an empty line. Word wraps long cell text onto
following lines (sometimes with one empty line between), so a non-TAB line that comes after a cell
with at most one empty line in between continues that cell; after two or more empty lines it is a
paragraph. Some tables are broken by stray empty lines inside a row (committee and measure tables),
so those are read as a stream of cells keyed by their leading number rather than by rows.

The document is split into sections by the Ministry template's own headings (MİSYON, PEST ANALİZİ,
STRATEJİK PLAN GENEL TABLOSU, TEMA:, MALİYETLENDİRME …); each section has its own small reader.
Nothing is specific to one province: codes, names and numbers come from the text. Everything that
cannot be read goes to `PlanDocument.problems` as a Turkish sentence with its line or code.

Rules worth knowing:

* Numbers go through `izlem.core.formats.parse_decimal`; `-` and empty cells are "no value" (None).
* Indicator rows are aligned to the year header (e.g. 2012 2013 2014 2019: baselines, then the
  plan-end target). A row has either one cell per year, or a disaggregation label (İlkokul, 9-12.
  sınıf …) plus one cell per year; an empty cell keeps its column. Any other cell count, or a text
  label with one value missing, cannot be aligned without guessing: the row is left out and a
  Problem names the indicator code.
* Unit, from the indicator name (first rule that applies): `%` or "yüzde" → percent; the word
  "saat" → hours; the word "gün" → days; "öğrenci başına" → per_student; "başına düşen" → ratio;
  "puan" → score; "… sayısına oranı" → ratio; any other "oranı" → percent (Ministry rates are
  percentages); "sayısı"/"adedi" → count; otherwise other.
* A measure's timing comes from a timing column ("Süre") when the table has one; otherwise it is
  the template's timing phrases found in the measure text ("plan dönemi sonuna kadar, her yıl").
* Measure unit cells list units separated by commas and line breaks; a line that is one capitalised
  word ending in a possessive vowel ("Hizmetleri", "Şubesi") is the wrapped tail of the unit above,
  and a line opening with "(…)" finishes the unit above ("Strateji Geliştirme 2 (AR-GE)").
* SWOT numbers are the ones TOWS cites: the TOWS matrix lists the prioritised items of each
  category with their numbers, so GZFT items matching them take those numbers and the others follow
  (6, 7, …) in document order. A TOWS item with no GZFT counterpart is kept without theme and
  reported.
* PEST columns beyond the four PEST ones keep their own category: "ecological", "ethical", "legal".
* Stakeholders: the classification matrix gives roles and internal/external; the priority matrix
  adds priority and reason to the same party (abbreviations spelled out from KISALTMALAR,
  "Öğrenciler" matching "Öğrenciler ve Veliler"), or adds the party if it is new.
* `meetings` holds the preparation section's sentences about meetings and workshops.
* The template has no per-indicator responsible unit, data source or definition (responsibility
  is given per measure), so those indicator fields stay empty.
* Phone numbers and e-mail addresses are never read (committee tables give name and title only);
  a last pass removes any that slipped into free text and reports it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from izlem.plans.importers.document import PlanDocument, Problem
from izlem.plans.importers.ministry.analysis import (
    number_swot,
    read_abbreviations,
    read_architecture,
    read_committees,
    read_gzft,
    read_identity,
    read_pest,
    read_problem_areas,
    read_stakeholders,
    read_statements,
    read_surveys_and_meetings,
    read_tows,
)
from izlem.plans.importers.ministry.goals import code_key, parse_plan_body
from izlem.plans.importers.ministry.indicators import align_row, unit_for
from izlem.plans.importers.ministry.layout import EMAIL, PHONE, Document

__all__ = ["align_row", "code_key", "parse_plan_file", "parse_plan_text", "unit_for"]


# --------------------------------------------------------------------------------------------
# Entry points and the contact-data guard


def parse_plan_text(text: str) -> PlanDocument:
    """Parse a whole Ministry-template plan text into a `PlanDocument`."""
    document = Document(text)
    plan = PlanDocument(title="", owner_name="", province_name="", period_start=0, period_end=0)
    read_identity(document, plan)
    abbreviations = read_abbreviations(document)
    read_committees(document, plan)
    read_surveys_and_meetings(document, plan)
    read_stakeholders(document, plan, abbreviations)
    read_pest(document, plan)
    gzft = read_gzft(document, plan)
    read_problem_areas(document, plan)
    read_architecture(document, plan)
    number_swot(gzft, read_tows(document, plan), plan)
    read_statements(document, plan)
    parse_plan_body(document, plan)
    remove_contact_data(plan)
    return plan


def parse_plan_file(path: str | Path) -> PlanDocument:
    """Read a UTF-8 plan text file and parse it."""
    return parse_plan_text(Path(path).read_text(encoding="utf-8"))


def remove_contact_data(plan: PlanDocument) -> None:
    """Blank out any e-mail address or phone number left in free text, and report where."""

    def scrub(value: object, where: str) -> object:
        """Return the value with contact data removed, walking into lists, tuples and dataclasses."""
        if isinstance(value, str):
            cleaned = PHONE.sub("", EMAIL.sub("", value))
            if cleaned != value:
                plan.problems.append(
                    Problem(where, "Metinde iletişim bilgisi (e-posta/telefon) vardı; kaldırıldı.")
                )
            return cleaned
        if isinstance(value, list):
            return [scrub(item, where) for item in value]
        if isinstance(value, tuple):
            return tuple(scrub(item, where) for item in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, (type, Problem)):
            for f in dataclasses.fields(value):
                setattr(value, f.name, scrub(getattr(value, f.name), f"{type(value).__name__}.{f.name}"))
        return value

    for f in dataclasses.fields(plan):
        if f.name != "problems":
            setattr(plan, f.name, scrub(getattr(plan, f.name), f.name))
