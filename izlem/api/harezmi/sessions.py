"""Weekly sessions of the teams (plan, activities, evaluation, teacher and student attendance) and the
teachers' absences (leave, sick days) that excuse them."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from izlem.api.base import (
    FILE_FORMATS,
    ApiViewSet,
    DownloadMixin,
    ModelSerializer,
    ScopedRelatedField,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    file_download,
    refuse_unless,
)
from izlem.api.filters import IdFilter
from izlem.api.harezmi.common import FILE, YearFilter, json_or_multipart, people_in_view
from izlem.api.harezmi.records import RecordMixin
from izlem.core.kvkk import personal_data_access_log
from izlem.harezmi import access, services
from izlem.harezmi.models import (
    Absence,
    ProgramYear,
    Session,
    SessionStudentAttendance,
    SessionTeacherAttendance,
    Team,
)
from izlem.harezmi.selectors.sessions import sessions_for_list
from izlem.harezmi.services.sessions import AbsenceInput, SessionInput
from izlem.org.models import User

MAX_ID = 2**63 - 1

# --- sessions --------------------------------------------------------------------------------------------


class TeacherPresenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionTeacherAttendance
        fields = ["teacher", "present", "absence"]
        read_only_fields = fields


class StudentPresenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionStudentAttendance
        fields = ["student", "present"]
        read_only_fields = fields


class TeamSessionSerializer(ModelSerializer):
    """A team's session of one week: held or not (why), what was planned and done, who was there."""

    school = serializers.IntegerField(source="team.school_id", read_only=True)
    school_name = serializers.CharField(source="team.school.name", read_only=True)
    teacher_attendance = TeacherPresenceSerializer(many=True, read_only=True)
    student_attendance = StudentPresenceSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "team",
            "school",
            "school_name",
            "week_start",
            "held_on",
            "state",
            "plan",
            "activities",
            "evaluation",
            "plan_update",
            "plan_changed",
            "plan_change_note",
            "coordinator_notified_at",
            "not_held_reason",
            "recorded_by",
            "teacher_attendance",
            "student_attendance",
        ]
        read_only_fields = fields


def _ids(**kwargs):
    return serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        allow_null=True,
        default=None,
        max_length=500,
        **kwargs,
    )


class SessionWriteSerializer(serializers.Serializer):
    """The week's session as the team's teacher writes it (a second write of the same week replaces it)."""

    team = ScopedRelatedField(model=Team, scope=access.harezmi_teams_visible)
    week_start = serializers.DateField(help_text=_("The Monday of the week."))
    state = StrictChoiceField(choices=Session.State.choices)
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    plan = StrictCharField(max_length=20000, required=False, allow_blank=True, default="")
    activities = StrictCharField(max_length=20000, required=False, allow_blank=True, default="")
    evaluation = StrictCharField(max_length=20000, required=False, allow_blank=True, default="")
    plan_update = StrictCharField(max_length=20000, required=False, allow_blank=True, default="")
    plan_changed = StrictBooleanField(required=False, default=False)
    plan_change_note = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")
    not_held_reason = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")
    teachers_present = _ids(help_text=_("Ids of the teachers who were there."))
    students_present = _ids(help_text=_("Ids of the students who were there."))


class SessionFilter(django_filters.FilterSet):
    year = YearFilter(field_name="team__program_year")
    team = IdFilter(field_name="team")
    school = IdFilter(field_name="team__school")
    district = IdFilter(field_name="team__school__parent")
    state = django_filters.ChoiceFilter(choices=Session.State.choices)
    week_after = django_filters.DateFilter(field_name="week_start", lookup_expr="gte")
    week_before = django_filters.DateFilter(field_name="week_start", lookup_expr="lte")

    class Meta:
        model = Session
        fields = ["year", "team", "school", "district", "state", "week_after", "week_before"]


@extend_schema_view(
    list=extend_schema(summary=_("Sessions of the teams you may read")),
    retrieve=extend_schema(summary=_("One session, with its attendance")),
    create=extend_schema(
        summary=_(
            "Write a week's session (a teacher of the team on its day; the same week again replaces it)"
        ),
        request=SessionWriteSerializer,
        responses={201: TeamSessionSerializer},
    ),
)
class SessionViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Sessions of the teams you read; only a teacher of the team with a place on the day writes one
    (403 for the others)."""

    queryset = Session.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = TeamSessionSerializer
    record_for = staticmethod(access.harezmi_session_for)
    filterset_class = SessionFilter
    ordering_fields = ["week_start", "state", "id"]
    ordering = ["-week_start", "team__school__name", "id"]

    def get_queryset(self):
        return sessions_for_list(access.harezmi_sessions_visible(self.user)).prefetch_related(
            Prefetch("teacher_attendance", queryset=SessionTeacherAttendance.objects.order_by("id")),
            Prefetch("student_attendance", queryset=SessionStudentAttendance.objects.order_by("id")),
        )

    def get_serializer_class(self):
        return SessionWriteSerializer if self.action == "create" else TeamSessionSerializer

    def create(self, request, *args, **kwargs):
        data = self._data(SessionWriteSerializer)
        team, week_start = data.pop("team"), data.pop("week_start")
        for name in ("teachers_present", "students_present"):
            data[name] = frozenset(data[name]) if data[name] is not None else None
        session = services.session_record(
            by=self.user, team=team, week_start=week_start, data=SessionInput(**data)
        )
        return self._answer(session, status.HTTP_201_CREATED)


# --- absences --------------------------------------------------------------------------------------------


class AbsenceSerializer(ModelSerializer):
    """A teacher's leave or sick days; the supporting document at `document_url` (access-checked)."""

    teacher_name = serializers.CharField(source="teacher.get_full_name", read_only=True)
    has_document = serializers.SerializerMethodField()
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = Absence
        fields = [
            "id",
            "program_year",
            "teacher",
            "teacher_name",
            "kind",
            "starts_on",
            "ends_on",
            "note",
            "has_document",
            "document_url",
            "reported_by",
            "coordinator_notified_at",
        ]
        read_only_fields = fields

    def get_has_document(self, absence) -> bool:
        return bool(absence.document)

    def get_document_url(self, absence) -> str | None:
        return f"/api/v1/harezmi/absences/{absence.pk}/document/" if absence.document else None


class AbsenceChangeSerializer(serializers.Serializer):
    kind = StrictChoiceField(choices=Absence.Kind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    note = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")
    document = serializers.FileField(required=False, allow_null=True, default=None)


def _absence_people(user):
    """The user and the people of the nodes they read (the service lets a teacher report for
    themselves and a principal for the school's team teachers)."""
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=people_in_view(user).values("pk")))


class AbsenceCreateSerializer(AbsenceChangeSerializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    teacher = ScopedRelatedField(
        model=User,
        scope=_absence_people,
        help_text=_("Yourself, or (a principal) a team teacher of your school."),
    )


class AbsenceFilter(django_filters.FilterSet):
    year = YearFilter()
    teacher = IdFilter(field_name="teacher")
    kind = django_filters.ChoiceFilter(choices=Absence.Kind.choices)
    after = django_filters.DateFilter(field_name="ends_on", lookup_expr="gte")
    before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")

    class Meta:
        model = Absence
        fields = ["year", "teacher", "kind", "after", "before"]


@extend_schema_view(
    list=extend_schema(summary=_("Absences you may read (your own and your teams' teachers')")),
    retrieve=extend_schema(summary=_("One absence")),
    create=extend_schema(
        summary=_("Report leave or sick days (the teacher, or the principal for a team teacher)"),
        request=json_or_multipart(AbsenceCreateSerializer),
        responses={201: AbsenceSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Correct an absence's kind, days or note"),
        request=json_or_multipart(AbsenceChangeSerializer),
        responses={200: AbsenceSerializer},
    ),
    document=extend_schema(summary=_("Download an absence's supporting document"), responses=FILE),
)
class AbsenceViewSet(
    DownloadMixin, RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    """Teachers' absences; the teacher and the school's principal report and correct them (403 for others).
    The supporting document (a sick note is health data) goes to the teacher, their principal and their
    district's director only; other readers of the absence get a 403."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Absence.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = answer_serializer = AbsenceSerializer
    record_for = staticmethod(access.harezmi_absence_for)
    parser_classes = FILE_FORMATS
    filterset_class = AbsenceFilter
    ordering_fields = ["starts_on", "ends_on", "id"]
    ordering = ["-starts_on", "id"]
    download_actions = frozenset({"document"})
    extra_error_statuses = {"document": (403,)}

    def get_queryset(self):
        return access.harezmi_absences_visible(self.user).select_related("teacher")

    def get_serializer_class(self):
        return {"create": AbsenceCreateSerializer, "partial_update": AbsenceChangeSerializer}.get(
            self.action, AbsenceSerializer
        )

    def create(self, request, *args, **kwargs):
        data = self._data(AbsenceCreateSerializer)
        year, teacher = data.pop("program_year"), data.pop("teacher")
        absence = services.absence_report(
            by=self.user, program_year=year, teacher=teacher, data=AbsenceInput(**data)
        )
        return self._answer(absence, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        absence = self._editable()
        data = {
            "kind": absence.kind,
            "starts_on": absence.starts_on,
            "ends_on": absence.ends_on,
            "note": absence.note,
        }
        data.update(self._data(AbsenceChangeSerializer, partial=True))
        services.absence_update(by=self.user, absence=absence, data=AbsenceInput(**data))
        return self._answer(absence)

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def document(self, request, pk=None):
        visible = self.get_object()
        # a sick note is health data: only the teacher, their principal and their district's director
        absence = refuse_unless(lambda: access.harezmi_absence_for(self.user, visible.pk, action="document"))
        if absence.document:  # a sick note is health data (KVKK special category): downloads are logged
            personal_data_access_log(
                user=request.user,
                action="download",
                subject_type="user",
                subject_id=absence.teacher_id,
                what="absence supporting document",
                path=request.path,
            )
        return file_download(absence.document)
