"""Roll-up (SPEC §3): district and province figures from the level below, exact and reproducible.

Figures are computed on read from the values that count — those of entities whose submission is
submitted or approved — so they are correct after any edit, submission, return or reopening by
construction; `tests/test_rollup_property.py` proves it against a from-scratch computation.

Rules per indicator: sum; ratio = Σ numerators / Σ denominators (× 100 for percentages — never the
mean of percentages); mean; weighted mean (by students or teachers of each entity); min; max; none
(entered at the top only). District and province figures are both computed from the leaf entities
(schools, or districts for district-collected indicators), which for every rule but the mean equals
rolling up the district figures; for the mean it is the statistically right one (each school counts
once). Division results are rounded half-up to four decimals. Coverage counts the entities that
reported (for a ratio: those with a numerator and a denominator, the ones inside the figure) against
those that owe the row (e.g. only schools with an ortaokul level for an Ortaokul row:
`izlem.plans.applicability`); a school's value of a row that does not concern it (kept from before a
planning officer narrowed the row) counts neither in the figure nor in the coverage.

On PostgreSQL the leaves are aggregated in SQL (`_partials_sql`): one query groups the values per row
and district (or per entity above the school level) into exact, decomposable sums — count, Σ value,
min, max, Σ numerator and Σ denominator of complete pairs, Σ value×weight and Σ weight — and adds
those partials up into every requested node on each group's path, so Python receives one row per
(row, node) and only does the final division and half-up rounding, exactly as `aggregate` does
(numeric sums are exact in PostgreSQL; SQLite sums decimals as floats, so SQLite keeps the Python path).
`tests/test_rollup_sql.py` checks that both paths give identical figures.


The rules live in `figures`, the roll-up in `compute` (Python) and `sql` (PostgreSQL); code inside
monitoring imports from them. The entry points other apps call are re-exported here.
"""

from izlem.monitoring.rollup.compute import rollup, rollup_periods, rollup_python
from izlem.monitoring.rollup.figures import (
    WEIGHT_FIELDS,
    Figure,
    Leaf,
    aggregate,
    audience_key,
    leaf_kind,
    ratio_multiplier,
)
from izlem.monitoring.rollup.sql import rollup_sql

__all__ = [
    "Figure",
    "Leaf",
    "WEIGHT_FIELDS",
    "aggregate",
    "audience_key",
    "leaf_kind",
    "ratio_multiplier",
    "rollup",
    "rollup_periods",
    "rollup_python",
    "rollup_sql",
]
