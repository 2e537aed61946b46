"""Synthetic data at scale (`izlem generate_data`): a province or the whole country, deterministic by seed.

Tiers: `province` = an Erzincan-sized province (9 districts, ~250 schools) with the seed plan and 10
periods; `national` = 81 provinces, 922 districts, 60,000 schools, the seed plan and 2 periods, plus
Harezmi program years, applications, teams, teachers and students in every province. Everything goes
through bulk paths: organisation nodes get their ids (and so their materialised paths) before one
insert, values are streamed with COPY on PostgreSQL and bulk-inserted elsewhere. Generated data has no
audit rows (like the demo data: it was generated, not entered).

Values follow each row's path from its baseline to its target (the demo's `_path_value`,
izlem.ops.demo.monitoring), with a factor per province and noise per school; rates have a numerator and
a denominator (the school's students), counts are the school's share of the province figure. At the national tier the indicators
the seed plan collects at the province are collected from the schools instead (the Ministry asks the
schools), so every value row reaches the school level.

Modules: `sizes` (tiers, names, the mix of schools), `generator` (the run and its stages in order),
`organisation`, `monitoring` and `harezmi` (the stages).
"""
