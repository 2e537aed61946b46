"""Trainings: trainings held and completed trainings, participants and completion, training needs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.core.collation import turkish
from izlem.core.forms import attach_service_errors
from izlem.harezmi import access, selectors, services
from izlem.harezmi.forms.trainings import (
    ParticipantsForm,
    ParticipantStateForm,
    TrainingHeldForm,
    TrainingNeedChangeForm,
    TrainingNeedForm,
)
from izlem.harezmi.models import TrainingParticipant, TrainingTopic
from izlem.harezmi.selectors import trainings as selectors_trainings
from izlem.harezmi.services.trainings import TRAINING_FIELDS, training_participant_candidates
from izlem.harezmi.views.common import year_from
from izlem.org import scope
from izlem.org.models import OrgNode, Role, User


def _year_or_none(request):
    raw = request.GET.get("year", "")
    return selectors.program_year_current(request.user, int(raw) if raw.isdigit() else None)


@login_required
def training_list(request):
    """Trainings held in the year (with participants and completions) and the completed trainings
    recorded for people in the user's scope."""
    if not access.harezmi_has_access(request.user):
        raise Http404
    year = _year_or_none(request)
    held = access.harezmi_courses_visible(request.user)
    if year is not None:
        held = held.filter(
            Q(program_year=year)
            | Q(program_year__isnull=True, starts_on__range=(year.start_date, year.end_date))
        )
    held = list(selectors_trainings.trainings_for_list(held).order_by("-starts_on", "title")[:100])
    records = access.harezmi_trainings_visible(request.user).select_related("person", "recorded_by")
    query = request.GET.get("q", "").strip()
    if query:
        records = records.filter(
            Q(person__first_name__icontains=query) | Q(person__last_name__icontains=query)
        )
    page = Paginator(records.order_by("-completed_on", "person__first_name"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "harezmi/trainings_list.html",
        {
            "year": year,
            "held": held,
            "page": page,
            "query": query,
            "can_record": access.harezmi_training_people(request.user).exists(),
            "can_organise": access.harezmi_course_nodes(request.user).exists(),
            "can_read_needs": access.harezmi_reads_as_manager(request.user),
        },
    )


def _held_form(request, user, year, **kwargs) -> TrainingHeldForm:
    nodes = access.harezmi_course_nodes(user)
    if year is not None:
        nodes = nodes.filter(path__startswith=year.province.path)
    province = year.province if year is not None else None
    training = kwargs.pop("training", None)
    if training is not None:  # the roles of the training's time, not today's
        trainers = access.harezmi_trainer_people(
            training.node,
            program_year=training.program_year,
            starts_on=training.starts_on,
            ends_on=training.ends_on,
        )
    elif province is not None:  # a new training: the roles of its program year
        trainers = access.harezmi_trainer_people(province, program_year=year)
    else:
        trainers = User.objects.none()
    return TrainingHeldForm(
        request.POST or None,
        nodes=nodes.order_by("kind", turkish("name")),
        trainers=trainers.order_by("first_name", "last_name"),
        events=year.events.order_by("starts_on") if year is not None else None,
        **kwargs,
    )


@login_required
def training_held_create(request):
    """Record a training organised by the province or a district."""
    year = year_from(request)
    form = _held_form(request, request.user, year)
    if not form.fields["node"].queryset.exists():
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(by=request.user, program_year=year, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The training was recorded. Now enrol its participants."))
            return redirect("harezmi:training-detail", pk=training.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": year,
            "title": _("New training"),
            "back_url": reverse("harezmi:training-list"),
        },
    )


@login_required
def training_detail(request, pk: int):
    """A training: details, trainers, participants and their completion."""
    training = access.harezmi_course_for(request.user, pk)
    can_edit = access.harezmi_course_nodes(request.user).filter(pk=training.node_id).exists()
    participants = list(
        training.participants.select_related("person", "completion").order_by("person__first_name")
    )
    return render(
        request,
        "harezmi/trainings_detail.html",
        {
            "training": training,
            "year": training.program_year,
            "trainers": list(training.trainers.order_by("first_name")),
            "participants": participants,
            "completed": sum(1 for p in participants if p.state == TrainingParticipant.State.COMPLETED),
            "can_edit": can_edit,
            "states": TrainingParticipant.State.choices,
        },
    )


@login_required
def training_held_edit(request, pk: int):
    """Change a training's details and trainers."""
    training = access.harezmi_course_for(request.user, pk, action="edit")
    initial = {field: getattr(training, field) for field in TRAINING_FIELDS}
    initial |= {"node": training.node, "trainers": list(training.trainers.all())}
    form = _held_form(request, request.user, training.program_year, initial=initial, training=training)
    form.fields["node"].disabled = True  # the organiser stays: its people are the participants
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in TRAINING_FIELDS}
        try:
            services.training_update(
                by=request.user, training=training, trainers=form.cleaned_data["trainers"], **data
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("harezmi:training-detail", pk=training.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": training.program_year,
            "title": _("Change the training"),
            "back_url": reverse("harezmi:training-detail", args=[training.pk]),
        },
    )


@login_required
def training_participants(request, pk: int):
    """Enrol people of the organiser's area in a training."""
    training = access.harezmi_course_for(request.user, pk, action="edit")
    enrolled = training.participants.values("person_id")
    people = (
        training_participant_candidates(training).exclude(pk__in=enrolled).order_by("first_name", "last_name")
    )
    form = ParticipantsForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.training_participants_add(
                by=request.user, training=training, people=form.cleaned_data["people"]
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("%(count)d people were enrolled.") % {"count": len(rows)})
            return redirect("harezmi:training-detail", pk=training.pk)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": training.program_year,
            "title": _("Enrol participants: %(title)s") % {"title": training.title},
            "back_url": reverse("harezmi:training-detail", args=[training.pk]),
        },
    )


@login_required
@require_POST
def training_participant_state(request, pk: int):
    """Mark one participant completed, did not complete, or enrolled again."""
    participant = get_object_or_404(TrainingParticipant.objects.select_related("training", "person"), pk=pk)
    access.harezmi_course_for(request.user, participant.training_id, action="edit")
    form = ParticipantStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a state and, for a completion, its day."))
    else:
        try:
            services.training_participant_state_set(
                by=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(person)s: saved.") % {"person": participant.person})
    return redirect("harezmi:training-detail", pk=participant.training_id)


# --- training needs ------------------------------------------------------------------------------


def _need_schools(user, year):
    return (
        access.harezmi_need_schools(user)
        .filter(path__startswith=year.province.path)
        .order_by(turkish("name"))
    )


@login_required
def need_list(request):
    """Training needs of the year in the user's scope."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    needs = access.harezmi_needs_visible(request.user).filter(program_year=year)
    topic = request.GET.get("topic", "")
    if topic in TrainingTopic.values:
        needs = needs.filter(topic=topic)
    if request.GET.get("open"):
        needs = needs.filter(met_by__isnull=True)
    needs = (
        selectors_trainings.needs_with_attendance(needs)
        .select_related("person", "school__parent", "met_by")
        .order_by("school__name", "person__first_name")
    )
    page = Paginator(needs, 50).get_page(request.GET.get("page"))
    schools = _need_schools(request.user, year)
    return render(
        request,
        "harezmi/trainings_needs.html",
        {
            "year": year,
            "page": page,
            "topic": topic,
            "topics": TrainingTopic.choices,
            "only_open": bool(request.GET.get("open")),
            "can_record": schools.exists(),
            "editable_school_ids": set(schools.values_list("pk", flat=True)),
        },
    )


@login_required
def need_create(request):
    """Record a teacher's training need (coordinators collect them)."""
    year = year_from(request)
    schools = _need_schools(request.user, year)
    if not schools.exists():
        raise Http404
    people = scope.holders([Role.TEACHER], at=schools).order_by("first_name", "last_name")
    form = TrainingNeedForm(request.POST or None, people=people, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_need_record(by=request.user, program_year=year, **form.cleaned_data)
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The training need was recorded."))
            return redirect(f"{reverse('harezmi:training-need-list')}?year={year.pk}")
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": year,
            "title": _("New training need"),
            "back_url": f"{reverse('harezmi:training-need-list')}?year={year.pk}",
        },
    )


@login_required
def need_edit(request, pk: int):
    """Change a training need, or mark it met by a training."""
    need = access.harezmi_need_for(request.user, pk, action="edit")
    visible = access.harezmi_courses_visible(request.user).filter(
        Q(program_year=need.program_year) | Q(program_year__isnull=True)
    )
    attended = selectors_trainings.trainings_attended(visible, need.person)
    # the training recorded earlier stays a choice, so the need's other fields can still be changed
    trainings = visible.filter(Q(pk__in=attended.values("pk")) | Q(pk=need.met_by_id))
    form = TrainingNeedChangeForm(
        request.POST or None,
        trainings=trainings.order_by("-starts_on"),
        initial={"topic": need.topic, "description": need.description, "met_by": need.met_by},
    )
    back = f"{reverse('harezmi:training-need-list')}?year={need.program_year_id}"
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # a refused training leaves the topic and description unchanged too
                services.training_need_update(
                    by=request.user,
                    need=need,
                    topic=form.cleaned_data["topic"],
                    description=form.cleaned_data["description"],
                )
                if form.cleaned_data["met_by"] != need.met_by:
                    services.training_need_mark_met(
                        by=request.user, need=need, training=form.cleaned_data["met_by"]
                    )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(back)
    return render(
        request,
        "harezmi/simple_form.html",
        {
            "form": form,
            "year": need.program_year,
            "title": _("Training need of %(person)s") % {"person": need.person},
            "back_url": back,
        },
    )


@login_required
def need_summary(request):
    """Training needs per topic per district (or school), open and met, for planning trainings."""
    if not access.harezmi_reads_as_manager(request.user):
        raise Http404
    year = year_from(request)
    by = "school" if request.GET.get("by") == "school" else "district"
    needs = access.harezmi_needs_visible(request.user).filter(program_year=year)
    district = request.GET.get("district", "")
    if district.isdigit():
        needs = needs.filter(school__parent_id=int(district))
    rows, total = selectors_trainings.training_need_summary(needs, by=by)
    return render(
        request,
        "harezmi/trainings_need_summary.html",
        {
            "year": year,
            "rows": rows,
            "total": total,
            "by": by,
            "topics": TrainingTopic.choices,
            "districts": OrgNode.objects.districts()
            .filter(parent=year.province, pk__in=access.harezmi_view_nodes(request.user))
            .order_by(turkish("name")),
            "district": int(district) if district.isdigit() else None,
        },
    )
