"""Statistics of a program year at a node (the figures of the statistics page), and the Harezmi report
to the Ministry: generated in the background, polled, downloaded as PDF and XLSX.

Both are read by whoever reads Harezmi records as a manager, for the nodes they read
(`access.harezmi_statistics_node_for`); the Ministry report is made by province and district roles and
planning officers for the province and its districts (`access.harezmi_ministry_report_nodes`,
checked again by `izlem.reports.ministry_report.ministry_job_request`).
"""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response

from izlem.api.base import ApiViewSet, ScopedRelatedField
from izlem.api.filters import MAX_ID, IdFilter
from izlem.api.harezmi.common import YearFilter, YearQuerySerializer, program_year
from izlem.api.reports import PDF, XLSX, JobFilesMixin, ReportJobSerializer, file_response
from izlem.harezmi import access
from izlem.harezmi.models import ProgramYear, Project
from izlem.harezmi.selectors.statistics import COUNT_FIELDS, PROGRAMMES, Figures, statistics_for
from izlem.org.models import OrgNode
from izlem.reports import access as reports_access
from izlem.reports import ministry_report
from izlem.reports.models import ReportJob

RATES = (
    "consent_rate",
    "session_rate",
    "teacher_attendance",
    "student_attendance",
    "visit_rate",
    "completion_rate",
    "delivery_rate",
)

# --- statistics ----------------------------------------------------------------------------------------


class StatisticsQuerySerializer(YearQuerySerializer):
    node = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The province, district or school (default: the highest one you read)."),
    )


class StatisticsNodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgNode
        fields = ["id", "code", "name", "kind"]
        read_only_fields = fields


class ProgrammeCountSerializer(serializers.Serializer):
    programme = serializers.ChoiceField(choices=Project.Programme.choices)
    count = serializers.IntegerField()


def _rate(help_text):
    return serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True, help_text=help_text)


class StatisticsFiguresSerializer(serializers.Serializer):
    """The counts of a node and the rates (%, one decimal; null when there is nothing to divide by), as
    defined in docs/harezmi.md "Statistics"."""

    schools = serializers.IntegerField(help_text=_("Schools with at least one team in the year."))
    teams = serializers.IntegerField()
    teachers = serializers.IntegerField(
        help_text=_(
            "Distinct teachers with an assignment in force on the reference day, each counted once, at the "
            "school of their first assignment."
        )
    )
    students = serializers.IntegerField()
    consented = serializers.IntegerField(help_text=_("Students whose consent is recorded and not withdrawn."))
    sessions_planned = serializers.IntegerField()
    sessions_held = serializers.IntegerField()
    teacher_present = serializers.IntegerField()
    teacher_marked = serializers.IntegerField()
    student_present = serializers.IntegerField()
    student_marked = serializers.IntegerField()
    visits_planned = serializers.IntegerField(help_text=_("Planned visits whose day has come."))
    visits_done = serializers.IntegerField(help_text=_("Planned visits made."))
    visits_unplanned = serializers.IntegerField(
        help_text=_("Visits that fulfil no planned visit (not part of the visit rate).")
    )
    trainings = serializers.IntegerField(help_text=_("Trainings of the year organised at or below the node."))
    participants = serializers.IntegerField(help_text=_("Enrolments in those trainings."))
    completions = serializers.IntegerField()
    material_requested = serializers.IntegerField()
    material_delivered = serializers.IntegerField()
    projects = serializers.IntegerField()
    teacher_mobility = serializers.IntegerField()
    student_mobility = serializers.IntegerField()
    consent_rate = _rate(_("Students with consent ÷ students."))
    session_rate = _rate(_("Sessions held ÷ sessions planned."))
    teacher_attendance = _rate(_("Teachers present ÷ teachers marked in held sessions."))
    student_attendance = _rate(_("Students present ÷ students marked in held sessions."))
    visit_rate = _rate(_("Planned visits made ÷ planned visits."))
    completion_rate = _rate(_("Trainings completed ÷ participants."))
    delivery_rate = _rate(_("Materials delivered ÷ materials requested."))
    by_programme = ProgrammeCountSerializer(many=True, help_text=_("Projects per programme."))


class StatisticsRowSerializer(serializers.Serializer):
    node = StatisticsNodeSerializer()
    own = serializers.BooleanField(
        help_text=_("True for the row of the node's own records (the total is the sum of the rows).")
    )
    figures = StatisticsFiguresSerializer()


@extend_schema_serializer(many=False)
class StatisticsSerializer(serializers.Serializer):
    """A program year's figures at a node: one row per district (of a province) or school (of a
    district) and the node's total, counted up to `day`."""

    program_year = serializers.IntegerField()
    node = StatisticsNodeSerializer()
    day = serializers.DateField(help_text=_("The reference day: today, kept inside the program year."))
    weeks = serializers.IntegerField(help_text=_("School weeks up to the reference day."))
    rows = StatisticsRowSerializer(many=True)
    total = StatisticsFiguresSerializer()


def _figures(figures: Figures) -> dict:
    data = {name: getattr(figures, name) for name in (*COUNT_FIELDS, *RATES)}
    data["by_programme"] = [
        {"programme": programme, "count": figures.by_programme.get(programme, 0)} for programme in PROGRAMMES
    ]
    return data


@extend_schema_view(
    list=extend_schema(
        summary=_("A program year's statistics at a node, with a row per district or school"),
        parameters=[StatisticsQuerySerializer],
        responses={200: StatisticsSerializer},
    ),
)
class StatisticsViewSet(ApiViewSet):
    """The statistics page's figures (`?year=`, `?node=`, both optional): for managers reading Harezmi
    records, at the nodes they read; any other node is a 404, like a missing one."""

    serializer_class = StatisticsSerializer
    filter_backends = []
    pagination_class = None

    def list(self, request, *args, **kwargs):
        query = StatisticsQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        if not access.harezmi_reads_as_manager(self.user):
            raise Http404
        year = program_year(self.user, query.validated_data.get("year"))
        node = access.harezmi_statistics_node_for(self.user, year, query.validated_data.get("node"))
        stats = statistics_for(year, node)
        body = {
            "program_year": year.pk,
            "node": stats.node,
            "day": stats.day,
            "weeks": stats.weeks,
            "rows": [
                {"node": row.node, "own": row.own, "figures": _figures(row.figures)} for row in stats.rows
            ],
            "total": _figures(stats.total),
        }
        return Response(StatisticsSerializer(body).data)


# --- the report to the Ministry -----------------------------------------------------------------------


class MinistryReportSerializer(ReportJobSerializer):
    """A Ministry report's generation: state and progress while it runs; the files' addresses once done."""

    files_path = "/api/v1/harezmi/ministry-reports/"

    class Meta(ReportJobSerializer.Meta):
        fields = [
            "id",
            "program_year",
            "node",
            "node_name",
            "state",
            "progress",
            "step",
            "error",
            "seconds",
            "requested_by",
            "created_at",
            "pdf_url",
            "xlsx_url",
        ]
        read_only_fields = fields


class MinistryReportCreateSerializer(serializers.Serializer):
    """The report of a program year for the province or one of its districts."""

    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    node = ScopedRelatedField(
        model=OrgNode,
        scope=access.harezmi_view_nodes,
        help_text=_("The province or a district whose report you may make."),
    )

    def validate(self, attrs):
        nodes = access.harezmi_ministry_report_nodes(self.context["request"].user, attrs["program_year"])
        if not nodes.filter(pk=attrs["node"].pk).exists():  # the same answer as an unknown id
            message = self.fields["node"].error_messages["does_not_exist"].format(pk_value=attrs["node"].pk)
            raise serializers.ValidationError({"node": [message]})
        return attrs


class MinistryReportFilter(django_filters.FilterSet):
    year = YearFilter()
    node = IdFilter(field_name="node")
    state = django_filters.ChoiceFilter(choices=ReportJob.State.choices)

    class Meta:
        model = ReportJob
        fields = ["year", "node", "state"]


@extend_schema_view(
    list=extend_schema(summary=_("Ministry report jobs you may read")),
    retrieve=extend_schema(
        summary=_("One Ministry report job: its state and progress (poll it while it runs)")
    ),
    create=extend_schema(
        summary=_(
            "Generate the Ministry report of a program year for the province or a district, in the "
            "background (a job for the same data is reused)"
        ),
        request=MinistryReportCreateSerializer,
        responses={201: MinistryReportSerializer, 200: MinistryReportSerializer},
    ),
    pdf=extend_schema(
        summary=_("Download the finished Ministry report as PDF"), responses=file_response(PDF)
    ),
    xlsx=extend_schema(
        summary=_("Download the finished Ministry report as XLSX"), responses=file_response(XLSX)
    ),
)
class MinistryReportViewSet(JobFilesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Ministry report jobs of the levels whose report you may make (201 for a new job, 200 when a job for
    the same report and data is reused)."""

    queryset = ReportJob.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = MinistryReportSerializer
    filterset_class = MinistryReportFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return reports_access.harezmi_ministry_jobs_visible(self.user).select_related("node")

    def get_object(self):
        job = reports_access.harezmi_ministry_job_for(self.user, self.object_id())
        return self.get_queryset().get(pk=job.pk)

    def get_serializer_class(self):
        return MinistryReportCreateSerializer if self.action == "create" else MinistryReportSerializer

    def create(self, request, *args, **kwargs):
        serializer = MinistryReportCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return self._job_answer(
            lambda: ministry_report.ministry_job_request(by=self.user, **serializer.validated_data),
            MinistryReportSerializer,
        )
