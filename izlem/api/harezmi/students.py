"""Students (Turkish ID number masked only), parental consent with the signed form, placement in a team,
and parent information meetings."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import (
    FILE_FORMATS,
    ApiViewSet,
    DownloadMixin,
    ModelSerializer,
    ScopedRelatedField,
    StrictCharField,
    StrictIntegerField,
    file_download,
    refuse_unless,
)
from izlem.api.filters import BoolFilter, IdFilter, IntFilter
from izlem.api.harezmi.common import FILE, ScopedDetail, YearFilter, json_or_multipart, require
from izlem.core.kvkk import personal_data_access_log, students_shown_log
from izlem.core.models import PersonalDataAccess
from izlem.harezmi import access, services
from izlem.harezmi.models import ParentalConsent, ParentMeeting, ProgramYear, Student, Team
from izlem.harezmi.services.students import ConsentInput
from izlem.org.models import OrgNode

# --- students ------------------------------------------------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer):
    """The parents' signed consent; the form is downloaded from `…/students/{id}/consent-form/`."""

    class Meta:
        model = ParentalConsent
        fields = ["parent_name", "given_on", "withdrawn_on", "recorded_by"]
        read_only_fields = fields


class StudentSerializer(ModelSerializer):
    """A registered student; the Turkish ID number is never answered, only its masked form."""

    school_name = serializers.CharField(source="school.name", read_only=True)
    national_id_masked = serializers.CharField(read_only=True, help_text=_("For example *********46."))
    has_consent = serializers.BooleanField(read_only=True)
    consent = serializers.SerializerMethodField()

    class Meta:
        model = Student
        fields = [
            "id",
            "program_year",
            "school",
            "school_name",
            "team",
            "first_name",
            "last_name",
            "grade",
            "national_id_masked",
            "has_consent",
            "consent",
            "registered_by",
        ]
        read_only_fields = fields

    @extend_schema_field(ConsentSerializer(allow_null=True))
    def get_consent(self, student):
        consent = getattr(student, "consent", None)
        return ConsentSerializer(consent).data if consent is not None else None


def _teams_usable(user):
    """Teams a student may be placed in by the user: school editors' teams and a teacher's own."""
    return access.harezmi_teams_editable(user) | access.harezmi_teams_own(user)


class StudentCreateSerializer(serializers.Serializer):
    """A student to register; the consent may be given at once (all three consent fields, multipart)."""

    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    school = ScopedRelatedField(model=OrgNode, scope=access.harezmi_student_schools)
    first_name = StrictCharField(max_length=80)
    last_name = StrictCharField(max_length=80)
    grade = StrictIntegerField(min_value=1, max_value=12)
    national_id = StrictCharField(
        max_length=11,
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        help_text=_("Only if the directorate collects it: checked, stored encrypted, never answered."),
    )
    team = ScopedRelatedField(model=Team, scope=_teams_usable, required=False, allow_null=True, default=None)
    parent_name = StrictCharField(max_length=160, required=False, allow_blank=True, default="")
    consent_date = serializers.DateField(required=False, allow_null=True, default=None)
    consent_file = serializers.FileField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        given = [bool(attrs["parent_name"]), bool(attrs["consent_date"]), bool(attrs["consent_file"])]
        if any(given) and not all(given):
            raise serializers.ValidationError(
                _("To record the consent, fill in the parent, the date and the signed form.")
            )
        return attrs


class ConsentCreateSerializer(serializers.Serializer):
    """The parents' signed consent form (multipart/form-data)."""

    parent_name = StrictCharField(max_length=160)
    given_on = serializers.DateField()
    form_file = serializers.FileField()


class PlaceSerializer(serializers.Serializer):
    team = ScopedRelatedField(
        model=Team,
        scope=_teams_usable,
        allow_null=True,
        help_text=_("null takes the student out of their team."),
    )


class StudentFilter(django_filters.FilterSet):
    year = YearFilter()
    school = IdFilter(field_name="school")
    team = IdFilter(field_name="team")
    grade = IntFilter(field_name="grade")
    has_consent = BoolFilter(method="filter_consent")

    class Meta:
        model = Student
        fields = ["year", "school", "team", "grade", "has_consent"]

    def filter_consent(self, queryset, name, value):
        return queryset.with_consent() if value else queryset.without_consent()


@extend_schema_view(
    list=extend_schema(summary=_("Students you may read (a teacher: their own teams' students)")),
    retrieve=extend_schema(summary=_("One student")),
    create=extend_schema(
        summary=_("Register a student (with the consent, if signed already, and a team)"),
        request=json_or_multipart(StudentCreateSerializer),
        responses={201: StudentSerializer},
    ),
    consent=extend_schema(
        summary=_("Record the parents' signed consent (the form as a file)"),
        request={"multipart/form-data": ConsentCreateSerializer},
        responses={200: StudentSerializer},
    ),
    place=extend_schema(
        summary=_("Put the student in a team (only with consent) or take them out"),
        request=PlaceSerializer,
        responses={200: StudentSerializer},
    ),
    consent_form=extend_schema(summary=_("Download the signed consent form"), responses=FILE),
)
class StudentViewSet(DownloadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Students of the schools you read, and a teacher's own; school editors and the team's teachers
    record consent and place them (403 for others who can see them)."""

    queryset = Student.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = StudentSerializer
    parser_classes = FILE_FORMATS
    filterset_class = StudentFilter
    search_fields = ["first_name", "last_name"]
    ordering_fields = ["last_name", "grade", "id"]
    ordering = ["school__name", "last_name", "first_name", "id"]
    download_actions = frozenset({"consent_form"})
    upload_actions = frozenset({"consent"})

    def get_queryset(self):
        return access.harezmi_students_visible(self.user).select_related("school", "consent")

    def get_object(self):
        student = access.harezmi_student_for(self.user, self.object_id())
        return self.get_queryset().get(pk=student.pk)

    def get_serializer_class(self):
        return {
            "create": StudentCreateSerializer,
            "consent": ConsentCreateSerializer,
            "place": PlaceSerializer,
        }.get(self.action, StudentSerializer)

    def _data(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _editable(self):
        student = self.get_object()
        return refuse_unless(lambda: access.harezmi_student_for(self.user, student.pk, action="edit"))

    def list(self, request, *args, **kwargs):
        """A page of students; the access is written to the personal data log (KVKK)."""
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else response.data
        students_shown_log(user=self.user, count=len(rows), what="student list (API)", path=request.path)
        return response

    def retrieve(self, request, *args, **kwargs):
        """One student; the access is written to the personal data log (KVKK). Denials write nothing."""
        student = self.get_object()
        personal_data_access_log(
            user=self.user,
            action=PersonalDataAccess.Action.VIEW,
            subject_type=PersonalDataAccess.Subject.STUDENT,
            subject_id=student.pk,
            what="student record (API)",
            path=request.path,
        )
        return Response(StudentSerializer(student).data)

    def _answer(self, student, code=status.HTTP_200_OK):
        return Response(StudentSerializer(self.get_queryset().get(pk=student.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        require(access.harezmi_student_schools(self.user).exists())
        data = self._data(StudentCreateSerializer)
        consent = (
            ConsentInput(
                parent_name=data["parent_name"], given_on=data["consent_date"], form_file=data["consent_file"]
            )
            if data["consent_file"]
            else None
        )
        student = services.student_register(
            by=self.user,
            program_year=data["program_year"],
            school=data["school"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            grade=data["grade"],
            team=data["team"],
            national_id_number=data["national_id"],
            consent=consent,
        )
        return self._answer(student, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        student = self._editable()
        data = self._data(ConsentCreateSerializer)
        services.student_consent_record(by=self.user, student=student, consent=ConsentInput(**data))
        return self._answer(student)

    @action(detail=True, methods=["post"])
    def place(self, request, pk=None):
        student = self._editable()
        services.student_place(by=self.user, student=student, team=self._data(PlaceSerializer)["team"])
        return self._answer(student)

    @action(detail=True, methods=["get"], url_path="consent-form", filter_backends=[], pagination_class=None)
    def consent_form(self, request, pk=None):
        student = self.get_object()
        consent = getattr(student, "consent", None)
        response = file_download(consent.form_file if consent is not None else None)
        personal_data_access_log(
            user=self.user,
            action=PersonalDataAccess.Action.DOWNLOAD,
            subject_type=PersonalDataAccess.Subject.STUDENT,
            subject_id=student.pk,
            what="signed parental consent form (API)",
            path=request.path,
        )
        return response


# --- parent information meetings -----------------------------------------------------------------------------


class ParentMeetingSerializer(ModelSerializer):
    """A parent information meeting held by a school (or one of its teams)."""

    class Meta:
        model = ParentMeeting
        fields = [
            "id",
            "program_year",
            "school",
            "team",
            "held_on",
            "place",
            "parent_count",
            "summary",
            "recorded_by",
        ]
        read_only_fields = fields


class ParentMeetingCreateSerializer(serializers.Serializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    school = ScopedRelatedField(model=OrgNode, scope=access.harezmi_student_schools)
    team = ScopedRelatedField(
        model=Team, scope=access.harezmi_teams_visible, required=False, allow_null=True, default=None
    )
    held_on = serializers.DateField()
    place = StrictCharField(max_length=160)
    parent_count = StrictIntegerField(min_value=0, max_value=32767, required=False, default=0)
    summary = StrictCharField(max_length=8000, required=False, allow_blank=True, default="")


class ParentMeetingFilter(django_filters.FilterSet):
    year = YearFilter()
    school = IdFilter(field_name="school")
    team = IdFilter(field_name="team")

    class Meta:
        model = ParentMeeting
        fields = ["year", "school", "team"]


@extend_schema_view(
    list=extend_schema(summary=_("Parent information meetings you may read")),
    retrieve=extend_schema(summary=_("One parent meeting")),
    create=extend_schema(
        summary=_("Record a parent information meeting"),
        request=ParentMeetingCreateSerializer,
        responses={201: ParentMeetingSerializer},
    ),
)
class ParentMeetingViewSet(ScopedDetail, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Parent information meetings of the schools you read (and the ones you recorded)."""

    queryset = ParentMeeting.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = ParentMeetingSerializer
    filterset_class = ParentMeetingFilter
    search_fields = ["place", "summary"]
    ordering_fields = ["held_on", "parent_count", "id"]
    ordering = ["-held_on", "-id"]

    def get_queryset(self):
        return access.harezmi_meetings_visible(self.user)

    def get_serializer_class(self):
        return ParentMeetingCreateSerializer if self.action == "create" else ParentMeetingSerializer

    def create(self, request, *args, **kwargs):
        require(access.harezmi_student_schools(self.user).exists())
        serializer = ParentMeetingCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        meeting = services.parent_meeting_record(by=self.user, **serializer.validated_data)
        return Response(ParentMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)
