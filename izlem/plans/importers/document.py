"""The plan as read from a source document: plain data, no database.

Parsers (the Ministry-template text reader, the XLSX reader) produce a `PlanDocument`; one loader
(`izlem.plans.importers.loader`) writes it to the database. Keeping the two apart lets the parser be
tested without a database and lets every input format share the same validation and write path.
Numbers are `Decimal`; a missing value is `None`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Problem:
    """Something the reader could not read or map; reported to the user, never silently dropped."""

    where: str  # e.g. "satır 2913" or "gösterge 1.1.2"
    message: str  # a whole Turkish sentence


@dataclass
class CommitteeDoc:
    """A planning committee with its members' names and titles (no phone numbers or e-mails)."""

    name: str
    members: list[tuple[str, str]] = field(default_factory=list)  # (name, title)


@dataclass
class GoalDoc:
    """A strategic goal (amaç)."""

    code: str  # "1"
    title: str
    theme: str  # theme title, e.g. "Eğitim ve Öğretime Erişim"
    uid: str = ""  # stable id from a workbook; empty: matched by code


@dataclass
class TargetDoc:
    """A strategic target (hedef) with its three narratives."""

    code: str  # "1.1"
    goal_code: str
    statement: str
    rationale: str = ""  # why it is needed
    current_status: str = ""
    expected_outcome: str = ""
    uid: str = ""


@dataclass
class IndicatorRowDoc:
    """One value row of an indicator: the whole indicator or one disaggregation (e.g. İlkokul)."""

    breakdown: str | None
    baselines: dict[int, Decimal | None]  # every baseline year of the table, None where missing
    target: Decimal | None  # plan-end target
    target_year: int
    # Yearly targets set explicitly (workbook import); the loader keeps a value that differs from
    # the computed linear default as a planner's edit. Empty: defaults only.
    yearly_targets: dict[int, Decimal | None] = field(default_factory=dict)
    uid: str = ""  # stable id from a workbook; empty: matched by the breakdown label
    where: str = ""  # where the row is in its source, for messages ("satır 2901", "Göstergeler, 5. satır")
    # Who owes the row, as a file states it (JSON izlem-plan/1): (education levels, school types).
    # None: derived from the breakdown and the indicator's name (the text and the workbook).
    applicability: tuple[list[str], list[str]] | None = None
    # The calibrated bounds (smallest, largest valid value; None: unbounded), as a workbook or JSON
    # file states them. None: the source says nothing (the ministry text), so a re-import keeps them.
    bounds: tuple[Decimal | None, Decimal | None] | None = None


@dataclass
class IndicatorDoc:
    """A performance indicator with its value rows."""

    code: str  # as written: "1.1.2", "3.2.12"
    target_code: str
    name: str
    unit: str  # one of: percent, count, ratio, hours, per_student, score, days, other
    rows: list[IndicatorRowDoc]
    responsible_unit: str = ""  # free text from the document, mapped by the loader
    data_source: str = ""
    definition: str = ""
    # How the indicator is collected and judged: empty means "keep what the system has" (or the
    # defaults for a new indicator). The workbook carries them; the Ministry text does not.
    responsible_unit_code: str = ""
    collection_level: str = ""
    aggregation: str = ""
    weight_name: str = ""
    frequency: str = ""
    direction: str = ""
    # The records the value is computed from (JSON izlem-plan/1 only): bound on a new indicator.
    computed_source: str = ""
    uid: str = ""
    where: str = ""


@dataclass
class MeasureDoc:
    """A measure (tedbir) serving a target."""

    number: int
    target_code: str
    text: str
    main_units: list[str] = field(default_factory=list)  # free text phrases, mapped by the loader
    other_units: list[str] = field(default_factory=list)
    timing: str = ""
    uid: str = ""  # stable id from a workbook; empty: matched by number


@dataclass
class CostLineDoc:
    """A row of the costing table: amount and share exactly as the document writes them."""

    key: str  # target code ("1.1"), goal code ("1"), or "goals_total" / "general_admin" / "total"
    kind: str  # "target", "goal", "goals_total", "general_admin", "total"
    amount: Decimal | None
    share: Decimal | None  # percent of the grand total as printed
    yearly: dict[int, Decimal] = field(default_factory=dict)  # optional per-year breakdown


@dataclass
class StakeholderDoc:
    """A stakeholder with its classification and priority."""

    name: str
    internal: bool
    roles: list[str] = field(
        default_factory=list
    )  # any of: core_partner, strategic_partner, supplier, beneficiary
    priority: str = ""  # as written, e.g. "Yüksek"
    reason: str = ""


@dataclass
class PestDoc:
    """A PEST item."""

    category: str  # political, economic, social, technological
    text: str


@dataclass
class SwotDoc:
    """A SWOT item; `number` is its position within its category, as TOWS cites it (2G = strength 2)."""

    category: str  # strength, weakness, opportunity, threat
    theme: str  # Erişim, Kalite, Kurumsal Kapasite (as written)
    number: int
    text: str


@dataclass
class TowsDoc:
    """A TOWS strategy and the SWOT items it cites, e.g. "(2G 1F)"."""

    kind: str  # SO, WO, ST, WT
    text: str
    cites: list[tuple[str, int]] = field(default_factory=list)  # (category, number)


@dataclass
class ProblemAreaDoc:
    """A problem or development area of the education system, by theme."""

    theme: str
    text: str


@dataclass
class ArchitectureDoc:
    """A component of the plan architecture, e.g. ("1.1.1", "Okul öncesi eğitimde okullaşma")."""

    code: str
    title: str
    theme: str = ""


@dataclass
class PlanDocument:
    """Everything a plan document holds that the product keeps."""

    title: str
    owner_name: str  # "Erzincan İl Millî Eğitim Müdürlüğü"
    province_name: str  # "Erzincan"
    period_start: int
    period_end: int
    mission: str = ""
    vision: str = ""
    values: list[str] = field(default_factory=list)
    committees: list[CommitteeDoc] = field(default_factory=list)
    internal_survey_count: int | None = None
    external_survey_count: int | None = None
    meetings: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    goals: list[GoalDoc] = field(default_factory=list)
    targets: list[TargetDoc] = field(default_factory=list)
    indicators: list[IndicatorDoc] = field(default_factory=list)
    measures: list[MeasureDoc] = field(default_factory=list)
    costs: list[CostLineDoc] = field(default_factory=list)
    stakeholders: list[StakeholderDoc] = field(default_factory=list)
    pest: list[PestDoc] = field(default_factory=list)
    swot: list[SwotDoc] = field(default_factory=list)
    tows: list[TowsDoc] = field(default_factory=list)
    problem_areas: list[ProblemAreaDoc] = field(default_factory=list)
    architecture: list[ArchitectureDoc] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Located problems that make the document unsafe to import (a cell that is not a number where a
    # number belongs, a row that cannot be aligned …): the import is refused while there is one.
    errors: list[Problem] = field(default_factory=list)
