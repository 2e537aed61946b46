"""The balancing algorithm: hand-made cases, an infeasible one, optimality against brute force, properties."""

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from izlem.harezmi.balancing import DAYS, Session, conflicts, loads, violations
from izlem.harezmi.balancing.search import balance

ALL = frozenset(DAYS)


def s(key, school=None, first=5, allowed=ALL, coordinator=1, day=3):
    """A session; the school defaults to the key."""
    return Session(
        key=key,
        school=school if school is not None else hash(key) % 10_000,
        first_lesson=first,
        allowed_days=frozenset(allowed),
        coordinator=coordinator,
        day=day,
        label=key,
    )


def test_an_empty_district_is_balanced():
    proposal = balance([])
    assert proposal.feasible and proposal.moves == [] and proposal.max_after == 0


def test_a_balanced_week_is_left_alone():
    # given five schools of one coordinator, one per day
    sessions = [s(f"s{d}", day=d) for d in DAYS]
    # when
    proposal = balance(sessions)
    # then
    assert proposal.feasible and proposal.moves == []
    assert proposal.loads_after == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}


def test_ten_schools_on_wednesday_are_spread_two_per_day():
    # given ten schools without a coordinator, all on Wednesday
    sessions = [s(f"s{i}", coordinator=None, day=3) for i in range(10)]
    # when
    proposal = balance(sessions)
    # then: the best possible, moving as few as possible (two stay on Wednesday)
    assert proposal.loads_before == {1: 0, 2: 0, 3: 10, 4: 0, 5: 0}
    assert proposal.loads_after == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}
    assert proposal.lower_bound == 2 and len(proposal.moves) == 8


def test_unavailable_days_are_respected():
    # given four schools that can only use Monday or Tuesday, and one that can use any day
    sessions = [s(f"s{i}", coordinator=None, allowed={1, 2}, day=1) for i in range(4)] + [
        s("free", coordinator=None, day=1)
    ]
    # when
    proposal = balance(sessions)
    # then: Monday and Tuesday take two each, the free school goes elsewhere
    assert proposal.max_after == 2
    assert {proposal.assignment[f"s{i}"] for i in range(4)} <= {1, 2}
    assert proposal.assignment["free"] not in (1, 2)
    assert violations(sessions, proposal.assignment) == []


def test_a_coordinator_never_gets_two_schools_at_the_same_hour():
    # given a coordinator's three afternoon schools that can use only Monday and Tuesday, and a morning one
    sessions = [
        s("a", first=5, allowed={1, 2, 3}, day=1),
        s("b", first=5, allowed={1, 2, 3}, day=1),
        s("c", first=5, allowed={1, 2, 3}, day=1),
        s("m", first=1, allowed={1}, day=1),
    ]
    # when
    proposal = balance(sessions)
    # then: the afternoon schools get three different days; the morning one can share Monday
    assert len({proposal.assignment[k] for k in "abc"}) == 3
    assert conflicts(sessions, proposal.assignment) == set()
    assert proposal.max_after == 2


def test_a_schools_separate_sessions_stay_separate_visits():
    # given one school whose two teams meet at the same hours on Monday and on Tuesday
    sessions = [s("x1", school=7, day=1, allowed={1, 2}), s("x2", school=7, day=2, allowed={1, 2})]
    # then they are never merged onto one day (each stays one visit of the coordinator)
    assert conflicts(sessions, {"x1": 1, "x2": 1}) == {frozenset({"x1", "x2"})}
    assert balance(sessions).moves == []


def test_an_infeasible_week_is_explained():
    # given three afternoon schools of one coordinator that can only use Monday and Tuesday
    sessions = [s(k, first=5, allowed={1, 2}, day=1) for k in ("Okul A", "Okul B", "Okul C")]
    # when
    proposal = balance(sessions, coordinator_names={1: "Murat Çelik"})
    # then: no proposal, and the reason names the coordinator, the schools, the days and the way out
    assert proposal.feasible is False and proposal.moves == [] and proposal.assignment == {}
    assert len(proposal.explanation) == 1
    text = proposal.explanation[0]
    assert "Murat Çelik" in text and "Okul A, Okul B, Okul C" in text and "at most 2" in text
    assert "another coordinator" in text


def test_a_school_with_no_usable_day_is_explained():
    proposal = balance([s("Kapalı Okul", allowed=set(), day=3)])
    assert proposal.feasible is False
    assert proposal.explanation == ["Kapalı Okul: the school has marked every weekday as unavailable."]


def test_issue_example_mixed_start_hours_with_two_weekdays_unavailable():
    # given one coordinator's schools at lessons 1-4, 1-4, 3-6, 5-8, 5-8 that cannot use Thursday and
    # Friday, all on Monday now (the old method called this impossible and named 1-4 / 5-8 as overlapping)
    firsts = {"a1": 1, "a2": 1, "m": 3, "b1": 5, "b2": 5}
    sessions = [s(key, first=first, allowed={1, 2, 3}, day=1) for key, first in firsts.items()]
    # when
    proposal = balance(sessions)
    # then: 3-6 alone on one day, a 1-4 and a 5-8 together on each of the two others
    assert proposal.feasible and proposal.proven
    assert sorted(proposal.loads_after.values()) == [0, 0, 1, 2, 2] and proposal.lower_bound == 2
    assert violations(sessions, proposal.assignment) == []
    assert len(proposal.moves) == 3  # two of Monday's five stay


def test_a_valid_week_is_improved_when_blocks_chain():
    # given the same coordinator on four usable days, a valid week with Monday holding 1-4, 5-8 and a
    # school without a coordinator that can only use Monday; Thursday is free (the old method kept this)
    sessions = [
        s("a1", first=1, allowed={1, 2, 3, 4}, day=1),
        s("b1", first=5, allowed={1, 2, 3, 4}, day=1),
        s("a2", first=1, allowed={1, 2, 3, 4}, day=2),
        s("b2", first=5, allowed={1, 2, 3, 4}, day=2),
        s("m", first=3, allowed={1, 2, 3, 4}, day=3),
        s("x", coordinator=None, allowed={1}, day=1),
    ]
    assert violations(sessions, {x.key: x.day for x in sessions}) == []
    # when
    proposal = balance(sessions)
    # then: one of Monday's coordinated sessions goes to Thursday
    assert proposal.max_before == 3 and proposal.max_after == 2 and len(proposal.moves) == 1
    assert proposal.moves[0].to_day == 4 and proposal.moves[0].key in {"a1", "b1"}


def test_an_optimal_valid_week_is_said_to_be_already_balanced():
    # given a valid week whose busiest day no valid week can beat
    # (four sessions on three usable days: the busiest day holds two at least)
    three = {1, 2, 3}
    sessions = [
        s("a", first=1, allowed=three, day=1),
        s("b", first=5, allowed=three, day=1),
        s("c", first=3, allowed=three, day=2),
        s("d", allowed=three, day=3),
    ]
    # when
    proposal = balance(sessions)
    # then
    assert proposal.already_balanced and proposal.moves == []
    assert proposal.explanation == ["The week is already balanced: nothing to change."]


def test_an_infeasible_week_names_only_blocks_that_really_overlap():
    # given the issue's five blocks with only Monday and Tuesday usable
    firsts = {"Okul A": 1, "Okul B": 1, "Okul C": 3, "Okul D": 5, "Okul E": 5}
    sessions = [s(key, first=first, allowed={1, 2}, day=1) for key, first in firsts.items()]
    # when
    proposal = balance(sessions, coordinator_names={1: "Murat Çelik"})
    # then: a smallest set that cannot be attended (the 3-6 and both 5-8), its real overlaps, no 1-4 / 5-8
    assert proposal.feasible is False and len(proposal.explanation) == 1
    text = proposal.explanation[0]
    assert "Murat Çelik cannot attend all of 3 sessions (Okul C, Okul D, Okul E)" in text
    assert "Okul C (3–6) / Okul D (5–8); Okul C (3–6) / Okul E (5–8); Okul D (5–8) / Okul E (5–8)." in text
    assert "1–4" not in text and "at most 2" in text


def _brute_force(sessions):
    """(largest load, moves, Σ load²) of the best valid week, by trying every week (None if none).

    Written apart from the module: lesson hours as sets, every pair of sessions compared.
    """
    best = None
    hours = {x.key: set(range(x.first_lesson, x.first_lesson + 4)) for x in sessions}
    for days in itertools.product(*(sorted(x.allowed_days) for x in sessions)):
        week = dict(zip((x.key for x in sessions), days, strict=True))
        if any(
            a.coordinator is not None
            and a.coordinator == b.coordinator
            and week[a.key] == week[b.key]
            and hours[a.key] & hours[b.key]
            for a, b in itertools.combinations(sessions, 2)
        ):
            continue
        per_day = [days.count(day) for day in DAYS]
        moves = sum(1 for x in sessions if week[x.key] != x.day)
        score = (max(per_day), moves, sum(v * v for v in per_day))
        best = score if best is None else min(best, score)
    return best


session_lists = st.lists(
    st.builds(
        lambda school, first, allowed, coordinator, day: (school, first, allowed, coordinator, day),
        st.integers(0, 6),
        st.integers(1, 5),  # mixed start hours: 1-4 … 5-8, chains included
        st.frozensets(st.sampled_from(DAYS), max_size=5),  # the usable days: some unavailable, even all
        st.one_of(st.none(), st.integers(0, 1)),
        st.sampled_from(DAYS),
    ),
    max_size=6,
)


def _sessions(raw):
    return [
        Session(
            key=f"k{i}", school=school, first_lesson=first, allowed_days=allowed, coordinator=coord, day=day
        )
        for i, (school, first, allowed, coord, day) in enumerate(raw)
    ]


PAIR = re.compile(r"\((\d+)–\d+\) / [^;(]*\((\d+)–\d+\)")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session_lists)
def test_result_is_optimal_against_brute_force(raw):
    # given a small district: any start hours, any unavailable days, up to two coordinators
    sessions = _sessions(raw)
    # when
    proposal = balance(sessions)
    best = _brute_force(sessions)
    # then: feasible exactly when a valid week exists, and as good as the best one in every criterion
    assert proposal.feasible == (best is not None)
    if best is None:
        assert proposal.explanation
        for reason in proposal.explanation:  # every pair named really overlaps
            for first, second in PAIR.findall(reason):
                assert abs(int(first) - int(second)) < 4
        return
    per_day = list(proposal.loads_after.values())
    assert proposal.proven
    assert (max(per_day), len(proposal.moves), sum(v * v for v in per_day)) == best
    assert proposal.lower_bound == best[0]
    assert violations(sessions, proposal.assignment) == []
    assert proposal.already_balanced == (best[1] == 0)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 12),
            st.integers(1, 5),  # any start hour, chains included
            st.frozensets(st.sampled_from(DAYS), min_size=1),
            st.one_of(st.none(), st.integers(0, 3)),
            st.sampled_from(DAYS),
        ),
        max_size=25,
    )
)
def test_result_never_breaks_a_constraint_and_is_at_least_as_balanced(raw):
    # given any district week
    sessions = _sessions(raw)
    current = {session.key: session.day for session in sessions}
    # when
    proposal = balance(sessions)
    # then
    if proposal.feasible:
        assert violations(sessions, proposal.assignment) == []
        assert set(proposal.assignment) == set(current)
        assert {m.key for m in proposal.moves} == {k for k in current if proposal.assignment[k] != current[k]}
        if not violations(sessions, current):  # a valid current week is never made worse
            assert proposal.max_after <= proposal.max_before
            squares = lambda week: sum(v * v for v in loads(week).values())  # noqa: E731
            if proposal.max_after == proposal.max_before:
                assert squares(proposal.assignment) <= squares(current)
    else:
        assert proposal.explanation and violations(sessions, current)


def test_a_district_of_120_schools_is_balanced_quickly():
    # given 120 schools, 15 coordinators with 8 schools each in two blocks, all on Monday
    import time

    sessions = [
        s(
            f"s{i:03d}",
            school=i,
            first=1 if i % 2 else 5,
            allowed=ALL - {(i % 5) + 1} if i % 3 == 0 else ALL,
            coordinator=i // 8,
            day=1 if (i % 5) + 1 != 1 or i % 3 else 2,
        )
        for i in range(120)
    ]
    # when
    started = time.perf_counter()
    proposal = balance(sessions)
    elapsed = time.perf_counter() - started
    # then
    assert proposal.feasible and proposal.max_after == 24 and proposal.loads_after == dict.fromkeys(DAYS, 24)
    assert violations(sessions, proposal.assignment) == []
    assert elapsed < 5
