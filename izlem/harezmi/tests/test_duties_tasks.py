"""Tasks given downward by the İl MEM and the province coordinator (seed §3 and §4, last bullets)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from izlem.core.models import Notification
from izlem.harezmi import services
from izlem.harezmi.models import AssignedTask
from izlem.org.models import Role
from izlem.reports.inbox import HAREZMI_TASK, inbox_for
from tests.support.world import make_user

DAY = dt.timedelta(days=1)


@pytest.fixture
def assistant(world):
    return make_user("assistant", Role.PROVINCE_COORDINATOR_ASSISTANT, world.province)


def _give(world, year, assignee, *, by=None, due=None, title="Erasmus başvurusu"):
    return services.task_give(
        by=by or world.province_coordinator,
        program_year=year,
        assignee=assignee,
        title=title,
        description="Okullarla",
        due_on=due or timezone.localdate() + 7 * DAY,
    )


def test_province_coordinator_gives_a_district_coordinator_a_task_who_is_told(world, year):
    task = _give(world, year, world.district_coordinator)
    assert (task.state, task.assignee_node, task.given_by) == (
        "given",
        world.district_a,
        world.province_coordinator,
    )
    note = Notification.objects.get(recipient=world.district_coordinator)
    assert "Erasmus başvurusu" in note.message and note.url == reverse("harezmi:task-detail", args=[task.pk])


def test_il_mem_gives_the_province_coordinator_a_task(world, year):
    task = _give(world, year, world.province_coordinator, by=world.province_manager)
    assert task.assignee_node == world.province


@pytest.mark.parametrize(
    "giver, assignee",
    [
        ("province_coordinator", "province_coordinator"),  # not to oneself
        ("province_coordinator", "province_manager"),  # not upward
        ("province_coordinator", "principal"),  # only coordinators
        ("province_coordinator", "teacher"),
    ],
)
def test_a_task_goes_only_downward_to_coordinators(world, year, giver, assignee):
    with pytest.raises(ValidationError) as error:
        _give(world, year, getattr(world, assignee), by=getattr(world, giver))
    assert set(error.value.message_dict) == {"assignee"}
    assert not AssignedTask.objects.exists()


@pytest.mark.parametrize(
    "giver",
    ["district_coordinator", "district_manager", "principal", "teacher", "other_manager", "assistant"],
)
def test_only_il_mem_and_the_province_coordinator_give_tasks(world, year, assistant, giver):
    by = assistant if giver == "assistant" else getattr(world, giver)
    with pytest.raises(PermissionDenied):
        _give(world, year, world.district_coordinator, by=by)
    assert not AssignedTask.objects.exists() and not Notification.objects.exists()


def test_a_coordinator_of_another_province_cannot_receive_it(world, year):
    other = make_user("kars_dc", Role.DISTRICT_COORDINATOR, world.other_district)
    with pytest.raises(ValidationError):
        _give(world, year, other)
    assert not AssignedTask.objects.exists()


def test_title_and_a_due_date_not_in_the_past_are_required(world, year):
    with pytest.raises(ValidationError) as error:
        _give(world, year, world.district_coordinator, title=" ", due=timezone.localdate() - DAY)
    assert set(error.value.message_dict) == {"title", "due_on"}
    assert "before today" in str(error.value)


def test_the_assignee_marks_it_done_with_a_note_and_the_giver_is_told(world, year, client):
    task = _give(world, year, world.district_coordinator)
    client.force_login(world.district_coordinator)
    # a note is required: refused without it, nothing changes
    response = client.post(reverse("harezmi:task-complete", args=[task.pk]), {"completion_note": ""})
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.state == "given"
    response = client.post(
        reverse("harezmi:task-complete", args=[task.pk]), {"completion_note": "Tamamlandı"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.state, task.completion_note) == ("done", "Tamamlandı") and task.completed_at is not None
    assert Notification.objects.filter(
        recipient=world.province_coordinator, message__contains="has done"
    ).exists()
    # done once only
    with pytest.raises(ValidationError):
        services.task_complete(by=world.district_coordinator, task=task, completion_note="Tekrar")


@pytest.mark.parametrize("who", ["province_coordinator", "province_manager", "district_manager", "principal"])
def test_only_the_assignee_marks_it_done_and_nothing_changes(world, year, client, who):
    task = _give(world, year, world.district_coordinator)
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        services.task_complete(by=user, task=task, completion_note="Bitti")
    client.force_login(user)
    response = client.post(reverse("harezmi:task-complete", args=[task.pk]), {"completion_note": "Bitti"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.state == "given" and task.completion_note == ""


def test_the_giver_cancels_with_a_reason_and_the_assignee_is_told(world, year, client):
    task = _give(world, year, world.district_coordinator)
    client.force_login(world.province_coordinator)
    response = client.post(reverse("harezmi:task-cancel", args=[task.pk]), {"reason": "Gerek kalmadı"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.state, task.cancel_reason) == ("cancelled", "Gerek kalmadı")
    assert Notification.objects.filter(
        recipient=world.district_coordinator, message__contains="cancelled"
    ).exists()
    with pytest.raises(ValidationError):
        services.task_complete(by=world.district_coordinator, task=task, completion_note="Geç")


@pytest.mark.parametrize("who", ["district_coordinator", "province_manager", "district_manager"])
def test_only_the_giver_changes_or_cancels_and_nothing_changes(world, year, client, who):
    task = _give(world, year, world.district_coordinator)
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        services.task_cancel(by=user, task=task, reason="Hayır")
    with pytest.raises(PermissionDenied):
        services.task_update(by=user, task=task, title="Başka")
    client.force_login(user)
    assert client.post(reverse("harezmi:task-cancel", args=[task.pk]), {"reason": "Hayır"}).status_code == 404
    assert client.post(reverse("harezmi:task-edit", args=[task.pk]), {"title": "Başka"}).status_code == 404
    task.refresh_from_db()
    assert (task.state, task.title) == ("given", "Erasmus başvurusu")


def test_the_giver_changes_an_open_task(world, year, client):
    task = _give(world, year, world.district_coordinator)
    new_due = timezone.localdate() + 20 * DAY
    client.force_login(world.province_coordinator)
    response = client.post(
        reverse("harezmi:task-edit", args=[task.pk]),
        {"title": "E-portfolyo", "description": "", "due_on": new_due.isoformat()},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.due_on) == ("E-portfolyo", new_due)


def test_who_reads_a_task(world, year, client):
    task = _give(world, year, world.district_coordinator)
    readers = ["province_coordinator", "district_coordinator", "province_manager", "district_manager"]
    for name in readers:
        client.force_login(getattr(world, name))
        assert client.get(reverse("harezmi:task-detail", args=[task.pk])).status_code == 200, name
    for name in ["outsider", "principal", "teacher", "other_manager", "planning_officer"]:
        client.force_login(getattr(world, name))
        assert client.get(reverse("harezmi:task-detail", args=[task.pk])).status_code == 404, name


def test_overdue_open_tasks_show_on_the_assignees_home_list_and_inbox(world, year, client):
    task = _give(world, year, world.district_coordinator)
    AssignedTask.objects.filter(pk=task.pk).update(due_on=timezone.localdate() - 2 * DAY)
    done = _give(world, year, world.district_coordinator, title="Rapor")
    services.task_complete(by=world.district_coordinator, task=done, completion_note="Gönderildi")
    client.force_login(world.district_coordinator)
    home = client.get(reverse("harezmi:home") + f"?year={year.pk}").content.decode()
    assert "My open tasks" in home and "Erasmus başvurusu" in home and "Overdue" in home
    assert "Rapor" not in home
    listing = client.get(reverse("harezmi:task-list") + f"?year={year.pk}&show=mine").content.decode()
    assert "Erasmus başvurusu" in listing and "Overdue" in listing
    world.district_coordinator._izlem_assignments = None
    inbox = [t for t in inbox_for(world.district_coordinator) if t.kind == HAREZMI_TASK]
    assert [(t.title, t.overdue) for t in inbox] == [("Erasmus başvurusu", True)]
    assert [t for t in inbox_for(world.principal) if t.kind == HAREZMI_TASK] == []


def test_list_and_create_pages_are_for_their_roles(world, year, client):
    client.force_login(world.province_coordinator)
    page = client.get(reverse("harezmi:task-create") + f"?year={year.pk}")
    assert page.status_code == 200 and str(world.district_coordinator) in page.content.decode()
    response = client.post(
        reverse("harezmi:task-create") + f"?year={year.pk}",
        {
            "assignee": world.district_coordinator.pk,
            "title": "Şenlik",
            "description": "",
            "due_on": (timezone.localdate() + 3 * DAY).isoformat(),
        },
    )
    assert response.status_code == 302 and AssignedTask.objects.filter(title="Şenlik").count() == 1
    for name in ["district_coordinator", "principal"]:
        client.force_login(getattr(world, name))
        assert client.get(reverse("harezmi:task-create") + f"?year={year.pk}").status_code == 404
    client.force_login(world.teacher)
    assert client.get(reverse("harezmi:task-list") + f"?year={year.pk}").status_code == 404


def test_done_and_cancelled_at_once_the_second_is_refused_and_the_first_kept(world, year):
    # two requests read the open task at the same moment
    task = _give(world, year, world.district_coordinator)
    first, second = AssignedTask.objects.get(pk=task.pk), AssignedTask.objects.get(pk=task.pk)
    services.task_complete(by=world.district_coordinator, task=first, completion_note="Bitti")
    # the giver's cancel, working on the stale copy, re-reads the row under its lock and is refused
    with pytest.raises(ValidationError) as error:
        services.task_cancel(by=world.province_coordinator, task=second, reason="Gerek yok")
    assert "Someone else has just changed" in str(error.value)
    task.refresh_from_db()
    assert (task.state, task.completion_note, task.cancel_reason) == ("done", "Bitti", "")


def test_a_giver_whose_role_ended_no_longer_changes_the_task(world, year):
    task = _give(world, year, world.district_coordinator)
    world.province_coordinator.assignments.update(ended_at=timezone.now() - dt.timedelta(minutes=1))
    world.province_coordinator._izlem_assignments = None
    with pytest.raises(PermissionDenied):
        services.task_cancel(by=world.province_coordinator, task=task, reason="Gerek yok")
    task.refresh_from_db()
    assert task.state == "given"
