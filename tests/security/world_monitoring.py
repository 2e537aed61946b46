"""The scope world's monitoring objects: plans and their parts, periods, submissions, values, deviations,
measure progress, bulk uploads, report jobs and publications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from izlem.org.models import OrgNode, Unit
from tests.security.scope_world import ScopeWorld, home_node, province_of


def make_plan(owner: OrgNode, title: str):
    """A 2015-2019 plan of `owner` with a school-level ratio and count and a province-level indicator."""
    from izlem.plans.models import Goal, Plan, Target
    from tests.support.monitoring import make_indicator

    plan = Plan.objects.create(owner=owner, title=title, period_start=2015, period_end=2019)
    goal = Goal.objects.create(plan=plan, code="1", title="Erişim")
    target = Target.objects.create(plan=plan, goal=goal, code="1.1", statement="Katılımı artırmak")
    make_indicator(plan, target, "1.1.1", rows=(("İlkokul", "primary"), ("Ortaokul", "middle")))
    make_indicator(
        plan,
        target,
        "1.1.2",
        unit="count",
        aggregation="sum",
        baseline=Decimal(100),
        plan_target=Decimal(150),
    )
    make_indicator(
        plan,
        target,
        "1.1.3",
        unit="count",
        aggregation="none",
        level="province",
        baseline=Decimal(10),
        plan_target=Decimal(20),
        responsible=Unit.objects.get(code="strateji"),
    )
    return plan


def _plan_parts(plan) -> list[tuple[str, object]]:
    """One of each analysis and costing part of a plan, as (kind, object)."""
    from izlem.plans.models import (
        ArchitectureComponent,
        CostLine,
        Goal,
        PestItem,
        ProblemArea,
        Stakeholder,
        SwotItem,
        TowsStrategy,
    )

    strength = SwotItem.objects.create(plan=plan, category="strength", number=1, text="Güçlü kadro")
    tows = TowsStrategy.objects.create(plan=plan, kind="SO", text="Kadroyu geliştirmek")
    tows.cites.add(strength)
    return [
        ("goal", Goal.objects.get(plan=plan)),
        ("swotitem", strength),
        ("towsstrategy", tows),
        ("pestitem", PestItem.objects.create(plan=plan, category="social", text="Göç")),
        (
            "stakeholder",
            Stakeholder.objects.create(plan=plan, name="Valilik", internal=False, core_partner=True),
        ),
        ("problemarea", ProblemArea.objects.create(plan=plan, theme="Erişim", text="Okullaşma düşük")),
        (
            "architecturecomponent",
            ArchitectureComponent.objects.create(plan=plan, code="1.1.1", title="Okullaşma"),
        ),
        (
            "costline",
            CostLine.objects.create(plan=plan, kind="target", key="1.1", amount=Decimal("1000.00"), order=1),
        ),
    ]


def add_monitoring(sw: ScopeWorld) -> None:
    """Plans, periods, submissions, deviations, measure progress, bulk uploads, report jobs, publications."""
    from izlem.monitoring import services as monitoring
    from izlem.monitoring.models import BulkUpload, Deviation, MeasureProgress, Period, Value
    from izlem.plans.models import Indicator, IndicatorRow, Measure, Target, YearValue
    from izlem.reports.models import Publication, ReportJob

    w = sw.world
    owners = [w.province, w.district_a, w.other_province]
    for owner in owners:
        plan = make_plan(owner, f"Plan {owner.name}")
        period = Period.objects.create(
            plan=plan,
            year=2016,
            half="H2",
            open_date=dt.date(2016, 12, 1),
            school_due=dt.date(2099, 1, 10),
            district_due=dt.date(2099, 1, 20),
            state="open",
        )
        if owner.kind == OrgNode.Kind.PROVINCE:
            sw.periods[owner.pk] = period
        count_row = IndicatorRow.objects.get(indicator__plan=plan, indicator__code="1.1.2")
        sw.rows[plan.pk] = count_row
        target = Target.objects.get(plan=plan)
        measure = Measure.objects.create(plan=plan, target=target, number=1, text="Kampanya")
        progress = MeasureProgress.objects.create(
            period=period, measure=measure, status="in_progress", percent=40
        )
        progress.evidence.save("kanit.pdf", ContentFile(b"%PDF-1.4 evidence"), save=True)
        deviation = Deviation.objects.create(
            period=period, row=count_row, unit=count_row.indicator.responsible_unit, rate=Decimal("-10")
        )
        parts = _plan_parts(plan)
        for kind, obj in (
            *parts,
            ("plan", plan),
            ("target", target),
            ("indicator", Indicator.objects.filter(plan=plan).first()),
            ("yearvalue", YearValue.objects.filter(row=count_row, kind="target").first()),
            ("indicatorrow", count_row),
            ("measure", measure),
            ("period", period),
            ("progress", progress),
            ("deviation", deviation),
        ):
            sw.add(kind, owner, obj)
        entities = [n for n in OrgNode.objects.filter(path__startswith=owner.path) if n.kind != "ministry"]
        for entity in entities:
            submission = monitoring.submission_get_or_create(period=period, entity=entity)
            sw.add("submission", entity, submission)
            if entity.kind == OrgNode.Kind.SCHOOL:
                value = Value.objects.create(
                    period=period, entity=entity, submission=submission, row=count_row, value=Decimal(110)
                )
                sw.add("value", entity, value)
            if owner.kind == OrgNode.Kind.PROVINCE:  # period + entity pairs: every node of the province
                sw.add("period_node", entity, (period, entity))
            job = ReportJob.objects.create(
                kind=ReportJob.Kind.YEAR_END,
                period=period,
                node=entity,
                fingerprint=f"fp-{period.pk}-{entity.pk}",
                state=ReportJob.State.DONE,
            )
            job.pdf.save("rapor.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
            job.xlsx.save("rapor.xlsx", ContentFile(b"PK report"), save=True)
            sw.add("job", entity, job)
            publication = Publication(job=job, title=f"Rapor {entity.name}", node=entity, data={})
            publication.pdf.save("yayin.pdf", ContentFile(b"%PDF-1.4 published"), save=False)
            publication.save()
            sw.add("publication", entity, publication)
    for username in ("principal", "district_planner", "planning_officer", "other_manager"):
        user = w.users[username]
        node = home_node(user)
        period = sw.periods[province_of(node)]
        upload = BulkUpload(period=period, by=user)
        upload.file.save("toplu.xlsx", ContentFile(b"PK"), save=False)
        upload.save()
        sw.add("bulk", node, upload)
