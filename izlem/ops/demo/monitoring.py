"""Demo monitoring data: 2015 H1 to 2017 H1 for the seed plan across all demo schools.

Values follow each row's path from its baseline to its target with noise; a fifth of the rows lag
behind (so some indicators are off track), a few schools never report (coverage below 100 %),
and the open 2017 H1 period has schools in every state: approved, submitted, returned, late drafts.
The open period's dates are placed around the day the demo is built (`_period_dates`), nothing after it.
Written through bulk inserts for speed (the demo is generated, not entered, so it has no audit rows).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from izlem.monitoring.models import Deviation, MeasureProgress, Period, Submission, Value
from izlem.monitoring.rollup import ratio_multiplier
from izlem.monitoring.selectors import owes, row_plans
from izlem.monitoring.services import deviations_detect
from izlem.org.models import OrgNode
from izlem.plans.models import Indicator, IndicatorRow, Plan

PERIODS = [
    (2015, "H1", "closed"),
    (2015, "H2", "closed"),
    (2016, "H1", "closed"),
    (2016, "H2", "closed"),
    (2017, "H1", "open"),
]
# A planning officer's first configuration of the seed plan: figures that schools cannot give are
# entered by the responsible unit at the province (population-based rates, adult education, shares).
PROVINCE_LEVEL_CODES = {"1.1.2", "1.1.3", "1.1.5", "1.1.7", "1.1.8", "1.1.9", "2.2.1"}
RETURN_COMMENTS = [
    "Devamsızlık verisi e-Okul ile uyuşmuyor, kontrol ediniz.",
    "Öğrenci sayısı (payda) okul istatistiğiyle farklı.",
    "Kitap okuma verisi eksik girilmiş.",
]


def _q(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _period_dates(year: int, half: str, *, open_now: bool) -> dict:
    """A period's opening and due dates: the plan's calendar for closed periods; around today for the open one.

    The seed plan is 2015-2019, but the demo is run on any day: the open period is placed as on a
    deadline day (opened three weeks ago, schools due two days ago, districts in eight days), so the
    pages show a live situation — a few schools two days late — not "not submitted for 3,427 days".
    """
    if open_now:
        today = timezone.localdate()
        return {
            "open_date": today - dt.timedelta(days=21),
            "school_due": today - dt.timedelta(days=2),
            "district_due": today + dt.timedelta(days=8),
        }
    return {
        "open_date": dt.date(year, 6 if half == "H1" else 12, 1),
        "school_due": dt.date(year, 7, 10) if half == "H1" else dt.date(year + 1, 1, 10),
        "district_due": dt.date(year, 7, 20) if half == "H1" else dt.date(year + 1, 1, 20),
    }


@transaction.atomic
def load_demo_monitoring(plan: Plan, *, seed: int = 2015) -> int:
    """Create the demo periods and their data once; returns the number of values written (0 if present)."""
    if plan.periods.exists():
        return 0
    rng = random.Random(seed)
    Indicator.objects.filter(plan=plan, code__in=PROVINCE_LEVEL_CODES).update(
        collection_level=Indicator.Level.PROVINCE, aggregation=Indicator.Aggregation.NONE
    )
    # The schools' rates are shares of their students (below): the entry page suggests the denominator.
    Indicator.objects.filter(
        plan=plan, aggregation=Indicator.Aggregation.RATIO, collection_level=Indicator.Level.SCHOOL
    ).update(denominator_source=Indicator.DenominatorSource.STUDENTS)
    rows = list(IndicatorRow.objects.filter(indicator__plan=plan).select_related("indicator").order_by("pk"))
    plans = row_plans(rows, plan)
    lagging = {row.pk for row in rows if rng.random() < 0.2}
    province = plan.owner
    schools = list(
        OrgNode.objects.filter(kind="school", path__startswith=province.path, is_active=True).order_by("pk")
    )
    districts = list(OrgNode.objects.filter(kind="district", path__startswith=province.path).order_by("pk"))
    silent = {school.pk for school in schools if rng.random() < 0.04}  # never report
    written = 0
    for year, half, state in PERIODS:
        period = Period.objects.create(
            plan=plan,
            year=year,
            half=half,
            state="open",
            **_period_dates(year, half, open_now=state == "open"),
        )
        written += _fill_period(
            period, rows, plans, lagging, schools, districts, province, silent, rng, final=state == "closed"
        )
        deviations_detect(period=period)
        if state == "closed":
            _explain_all(period, rng)
            Period.objects.filter(pk=period.pk).update(state="closed")
        _measure_progress(period, plan, rng, final=state == "closed")
        if half == "H2":
            _meeting(period)
    _spending(plan, rng)
    return written


def _path_value(plan_row, period: Period, lag: bool, rng: random.Random) -> Decimal | None:
    """Where the row should be at the period's end (behind for lagging rows), with a little noise."""
    target = plan_row.targets.get(period.plan.period_end)
    base = (
        plan_row.baseline if plan_row.baseline is not None else (target * Decimal("0.8") if target else None)
    )
    if base is None or target is None:
        return None
    span = Decimal(period.plan.period_end - plan_row.baseline_year)
    elapsed = Decimal(period.year - plan_row.baseline_year) - (Decimal("0.5") if period.half == "H1" else 0)
    share = elapsed / span * (Decimal("0.35") if lag else Decimal("1.05"))
    noise = Decimal(str(rng.uniform(-0.03, 0.03))) * abs(target - base)
    return base + (target - base) * share + noise


def _school_value(row: IndicatorRow, school: OrgNode, province_value: Decimal, applicable: int, rng) -> dict:
    """A school's own value consistent with the province path: a rate with numerator/denominator, or a share of a count."""
    indicator = row.indicator
    if indicator.aggregation == Indicator.Aggregation.RATIO:
        students = max(10, school.student_count or 50)
        multiplier = ratio_multiplier(indicator.unit)
        rate = max(Decimal(0), province_value * Decimal(str(rng.uniform(0.9, 1.1))))
        if multiplier == 100:
            rate = min(rate, Decimal(100))
        numerator = _q(Decimal(students) * rate / multiplier, "1")
        return {
            "numerator": numerator,
            "denominator": Decimal(students),
            "value": _q(numerator / Decimal(students) * multiplier, "0.0001"),
        }
    share = max(Decimal(0), province_value / max(applicable, 1) * Decimal(str(rng.uniform(0.5, 1.5))))
    whole = int(share)  # stochastic rounding keeps the expected province total right for small shares
    return {"value": Decimal(whole + (1 if rng.random() < float(share - whole) else 0))}


def _fill_period(
    period, rows, plans, lagging, schools, districts, province, silent, rng, *, final: bool
) -> int:
    """Submissions and values of one period."""
    open_states = ["approved"] * 60 + ["submitted"] * 15 + ["returned"] * 8 + ["draft"] * 17
    submissions = {}
    for school in schools:
        if not any(owes(row, school) for row in rows):  # owes nothing in the period: no submission
            continue
        state = "draft" if school.pk in silent else ("approved" if final else rng.choice(open_states))
        submissions[school.pk] = Submission(
            period=period,
            entity=school,
            state=state,
            comment=rng.choice(RETURN_COMMENTS) if state == "returned" else "",
        )
    for node in [*districts, province]:
        if not any(owes(row, node) for row in rows):  # a district when the plan collects nothing there
            continue
        state = (
            "approved"
            if final
            else ("submitted" if node.kind == "district" and rng.random() < 0.3 else "draft")
        )
        submissions[node.pk] = Submission(period=period, entity=node, state=state)
    now = timezone.now()
    for submission in submissions.values():
        due = period.school_due if submission.entity.kind == "school" else period.district_due
        if submission.state in ("submitted", "approved", "returned"):
            # most are on time, some a few days late
            day = due + dt.timedelta(days=rng.choice([-6, -4, -2, -1, 0, 0, 2, 5]))
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))
            submission.submitted_at = min(at, now - dt.timedelta(hours=2))  # never in the future
        if submission.state in ("approved", "returned"):
            decided = submission.submitted_at + dt.timedelta(days=rng.randint(1, 6))
            submission.decided_at = min(decided, now - dt.timedelta(hours=1))
    Submission.objects.bulk_create(submissions.values())
    saved = {s.entity_id: s for s in Submission.objects.filter(period=period)}
    values = []
    for row in rows:
        province_value = _path_value(plans[row.pk], period, row.pk in lagging, rng)
        if province_value is None:
            continue
        level = row.indicator.collection_level
        if level == Indicator.Level.PROVINCE:
            values.append(
                Value(
                    period=period,
                    entity=province,
                    submission=saved[province.pk],
                    row=row,
                    value=_q(province_value, "0.01")
                    if row.indicator.unit != "count"
                    else _q(province_value, "1"),
                )
            )
            continue
        applicable = [school for school in schools if school.pk in saved and owes(row, school)]
        for school in applicable:
            if school.pk in silent or (saved[school.pk].state == "draft" and rng.random() < 0.5):
                continue
            values.append(
                Value(
                    period=period,
                    entity=school,
                    submission=saved[school.pk],
                    row=row,
                    **_school_value(row, school, province_value, len(applicable), rng),
                )
            )
    Value.objects.bulk_create(values, batch_size=2000)
    return len(values)


def _explain_all(period: Period, rng: random.Random) -> None:
    """The units' explanations of a closed period's deviations (older actions done)."""
    causes = [
        "Ödenek yetersizliği nedeniyle planlanan faaliyetler ertelendi.",
        "Öğretmen norm kadro açığı faaliyetleri yavaşlattı.",
        "Veri toplama yöntemi dönem içinde değişti.",
        "Kırsal okullarda ulaşım sorunları katılımı düşürdü.",
    ]
    actions = [
        "İlçelerle ortak eylem planı hazırlanacak.",
        "Ek kurs programı açılacak.",
        "Okul müdürlerine yönelik bilgilendirme toplantısı yapılacak.",
    ]
    for deviation in Deviation.objects.filter(period=period):
        deviation.cause, deviation.corrective_action = rng.choice(causes), rng.choice(actions)
        deviation.action_owner = deviation.unit.name if deviation.unit else "Strateji Geliştirme"
        deviation.action_due = period.district_due + dt.timedelta(days=120)
        deviation.state = Deviation.State.EXPLAINED
        deviation.explained_at = timezone.now()
        deviation.action_state = (
            Deviation.ActionState.DONE if period.year < 2016 else Deviation.ActionState.OPEN
        )
        deviation.save(
            update_fields=[
                "cause",
                "corrective_action",
                "action_owner",
                "action_due",
                "state",
                "explained_at",
                "action_state",
                "updated_at",
            ]
        )


def _measure_progress(period: Period, plan: Plan, rng: random.Random, *, final: bool) -> None:
    """Progress reports of most measures (a few missing, so some are overdue)."""
    elapsed = (period.year - plan.period_start) * 2 + (1 if period.half == "H1" else 2)
    total = (plan.period_end - plan.period_start + 1) * 2
    reports = []
    for measure in plan.measures.all():
        if not final and rng.random() < 0.15:
            continue
        percent = min(100, int(elapsed / total * 100 * rng.uniform(0.5, 1.4)))
        status = "done" if percent >= 100 else ("not_started" if percent < 5 else "in_progress")
        percent = 100 if status == "done" else percent
        reports.append(
            MeasureProgress(
                period=period,
                measure=measure,
                status=status,
                percent=percent,
                note="İlçe ve okul raporlarından derlendi.",
            )
        )
    MeasureProgress.objects.bulk_create(reports)


def demo_return_for_correction(plan: Plan, entity: OrgNode) -> None:
    """Put the demo principal's school in the open period back to "returned", so the journey can begin."""
    period = plan.periods.filter(state="open").order_by("-year", "-half").first()
    if period is None:
        return
    Submission.objects.filter(period=period, entity=entity).exclude(state="returned").update(
        state="returned", comment=RETURN_COMMENTS[0], decided_at=timezone.now()
    )


def _meeting(period: Period) -> None:
    """The year-end evaluation meeting, chaired by the province's top manager."""
    from izlem.monitoring.models import EvaluationMeeting
    from izlem.org.models import Role, User

    chair = User.objects.filter(
        assignments__role=Role.TOP_MANAGER, assignments__node=period.plan.owner
    ).first()
    EvaluationMeeting.objects.create(
        period=period,
        date=dt.date(period.year + 1, 1, 28),
        place="İl Millî Eğitim Müdürlüğü toplantı salonu",
        chair=chair,
        attendees="İl Millî Eğitim Müdürü\nStrateji Geliştirme Şube Müdürü\nTemel Eğitim Şube Müdürü\n"
        "Ortaöğretim Şube Müdürü\nMesleki ve Teknik Eğitim Şube Müdürü\nİlçe Millî Eğitim Müdürleri",
        minutes="Yıl sonu gerçekleşmeleri göstergeler bazında değerlendirildi; sapmaların nedenleri birimlerce sunuldu.",
        decisions="Hedeften sapan göstergeler için birimler üç ay içinde eylem planı hazırlayacak.\n"
        "Devamsızlık verileri ilçelerle aylık izlenecek.\nSonuçlar paydaşlarla il internet sitesinde paylaşılacak.",
    )


def _spending(plan: Plan, rng: random.Random) -> None:
    """Actual spending per target for the completed years: around a fifth of the estimate a year."""
    from izlem.monitoring.models import Spending
    from izlem.plans.models import CostLine

    planned = {line.key: line.amount for line in CostLine.objects.filter(plan=plan, kind="target")}
    for target in plan.targets.all():
        amount = planned.get(target.code)
        if not amount:
            continue
        for year in (2015, 2016):
            Spending.objects.create(
                plan=plan,
                target=target,
                year=year,
                amount=_q(amount / 5 * Decimal(str(rng.uniform(0.6, 1.1)))),
            )
