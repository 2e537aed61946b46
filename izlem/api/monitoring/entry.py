"""Submissions (draft → submitted → approved / returned) and the values they hold."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import (
    ApiViewSet,
    DecimalInputField,
    ModelSerializer,
    ScopedRelatedField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    refuse_unless,
)
from izlem.api.errors import Conflict, Locked, NeedsConfirmation
from izlem.api.filters import IdFilter, TextFilter
from izlem.api.monitoring.common import (
    CONFLICT,
    LOCKED,
    SubtreeFilter,
    UnderMixin,
    error_response,
    messages_of,
)
from izlem.monitoring import access, services
from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.validation import NOTE_REQUIRED
from izlem.org.models import OrgNode
from izlem.plans import access as plans_access
from izlem.plans.models import IndicatorRow

# --- submissions -------------------------------------------------------------------------------------------


class SubmissionEventSerializer(serializers.Serializer):
    from_state = serializers.ChoiceField(choices=Submission.State.choices)
    to_state = serializers.ChoiceField(choices=Submission.State.choices)
    comment = serializers.CharField()
    by = serializers.IntegerField(source="by_id", allow_null=True)
    at = serializers.DateTimeField()


class SubmissionSerializer(ModelSerializer):
    """One entity's data for one period: draft → submitted → approved (or returned with a comment)."""

    entity_name = serializers.CharField(source="entity.name", read_only=True)
    entity_kind = serializers.ChoiceField(source="entity.kind", choices=OrgNode.Kind.choices, read_only=True)
    is_late = serializers.BooleanField(read_only=True)
    events = SubmissionEventSerializer(many=True, read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "period",
            "entity",
            "entity_name",
            "entity_kind",
            "state",
            "is_late",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "comment",
            "events",
        ]
        read_only_fields = fields


class CommentSerializer(serializers.Serializer):
    comment = StrictCharField(max_length=4000, help_text=_("What must be corrected."))


class SubmissionFilter(UnderMixin, django_filters.FilterSet):
    period = IdFilter(field_name="period")
    plan = IdFilter(field_name="period__plan")
    entity = IdFilter(field_name="entity")
    entity_kind = django_filters.ChoiceFilter(field_name="entity__kind", choices=OrgNode.Kind.choices)
    under = SubtreeFilter()
    state = django_filters.ChoiceFilter(choices=Submission.State.choices)

    class Meta:
        model = Submission
        fields = ["period", "plan", "entity", "entity_kind", "under", "state"]


DECISION_RESPONSES = {200: SubmissionSerializer, 409: CONFLICT}


@extend_schema_view(
    list=extend_schema(summary=_("Submissions in your scope")),
    retrieve=extend_schema(summary=_("One submission with its history")),
    submit=extend_schema(
        summary=_("Submit an entity's values for approval"),
        description=_("Every applicable row must be filled (400 lists the empty ones)."),
        request=None,
        responses={200: SubmissionSerializer, 409: LOCKED},
    ),
    approve=extend_schema(summary=_("Approve submitted data"), request=None, responses=DECISION_RESPONSES),
    return_=extend_schema(
        summary=_("Return submitted data with a comment"),
        request=CommentSerializer,
        responses=DECISION_RESPONSES,
    ),
)
class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Submissions of the entities in your monitoring scope. The entity's enterers submit; its
    parent's managers approve or return (403 for others who can see it)."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    ordering_fields = ["submitted_at", "decided_at", "state", "id"]
    ordering = ["period", "entity__path"]
    extra_error_statuses = {"submit": (409,), "approve": (409,), "return_": (409,)}

    def get_queryset(self):
        return (
            access.submissions_visible(self.user)
            .select_related("entity", "period")
            .prefetch_related("events")
        )

    def get_object(self):
        submission = access.submission_for(self.user, self.object_id())
        return self.get_queryset().get(pk=submission.pk)

    def get_serializer_class(self):
        return CommentSerializer if self.action == "return_" else SubmissionSerializer

    def _done(self, submission):
        return Response(SubmissionSerializer(self.get_queryset().get(pk=submission.pk)).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        submission = refuse_unless(lambda: access.submission_for(self.user, submission.pk, action="enter"))
        try:
            services.submission_submit(by=self.user, submission=submission)
        except DjangoValidationError as exc:
            if not submission.is_editable:
                raise Locked(detail=messages_of(exc)) from exc
            raise
        return self._done(submission)

    def _decide(self, decide, **arguments):
        submission = self.get_object()
        submission = refuse_unless(lambda: access.submission_for(self.user, submission.pk, action="decide"))
        try:
            decide(by=self.user, submission=submission, **arguments)
        except services.ConflictError:
            raise
        except DjangoValidationError as exc:
            if submission.period.state != Period.State.OPEN:
                raise Conflict(detail=messages_of(exc)) from exc
            raise
        return self._done(submission)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(services.submission_approve)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._decide(services.submission_return, comment=serializer.validated_data["comment"])


# --- values ----------------------------------------------------------------------------------------------------


class ValueSerializer(ModelSerializer):
    """The realized value of one indicator row for one entity and period (numerator/denominator for
    ratios); `version` goes back with the next change to detect lost updates."""

    entity_name = serializers.CharField(source="entity.name", read_only=True)
    indicator = serializers.IntegerField(source="row.indicator_id", read_only=True)
    indicator_code = serializers.CharField(source="row.indicator.code", read_only=True)
    breakdown = serializers.CharField(source="row.breakdown", read_only=True)
    submission_state = serializers.ChoiceField(
        source="submission.state", choices=Submission.State.choices, read_only=True
    )

    class Meta:
        model = Value
        fields = [
            "id",
            "period",
            "entity",
            "entity_name",
            "row",
            "indicator",
            "indicator_code",
            "breakdown",
            "value",
            "numerator",
            "denominator",
            "note",
            "outlier_confirmed",
            "computed",
            "entered_by",
            "entered_at",
            "version",
            "submission",
            "submission_state",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        """The declared fields, written out: DRF's field-by-field path (attribute chains, a call per field)
        was most of a 500-value page's time. `test_value_output_equals_the_generic_serializer` keeps the
        output identical to `super().to_representation`."""
        fields = self.fields
        decimal = fields["value"].to_representation  # the three decimals share max_digits/decimal_places
        moment, stamp = instance.entered_at, fields["entered_at"]
        if not hasattr(stamp, "timezone"):  # the active time zone, looked up once per request, not per value
            stamp.timezone = stamp.default_timezone()
        if hasattr(instance, "listed_entity_name"):  # the list's annotations (ValueViewSet.get_queryset)
            related = (
                instance.listed_entity_name,
                instance.listed_indicator,
                instance.listed_indicator_code,
                instance.listed_breakdown,
                instance.listed_submission_state,
            )
        else:
            row = instance.row
            related = (
                instance.entity.name,
                row.indicator_id,
                row.indicator.code,
                row.breakdown,
                instance.submission.state,
            )
        return {
            "id": instance.pk,
            "period": instance.period_id,
            "entity": instance.entity_id,
            "entity_name": related[0],
            "row": instance.row_id,
            "indicator": related[1],
            "indicator_code": related[2],
            "breakdown": related[3],
            "value": None if instance.value is None else decimal(instance.value),
            "numerator": None if instance.numerator is None else decimal(instance.numerator),
            "denominator": None if instance.denominator is None else decimal(instance.denominator),
            "note": instance.note,
            "outlier_confirmed": instance.outlier_confirmed,
            "computed": instance.computed,
            "entered_by": instance.entered_by_id,
            "entered_at": None if moment is None else stamp.to_representation(moment),
            "version": instance.version,
            "submission": instance.submission_id,
            "submission_state": related[4],
        }


def _rows_visible(user):
    return IndicatorRow.objects.filter(indicator__plan__in=plans_access.plans_visible(user)).select_related(
        "indicator"
    )


class ValueChangeSerializer(serializers.Serializer):
    """A value to save: `value` for plain indicators, `numerator` and `denominator` for ratios."""

    value = DecimalInputField(
        required=False,
        allow_null=True,
        help_text=_("The value of a plain indicator; refused on a ratio row (its rate is computed)."),
    )
    numerator = DecimalInputField(
        required=False,
        allow_null=True,
        help_text=_("A ratio row's numerator (with its denominator; not above it for a percentage)."),
    )
    denominator = DecimalInputField(
        required=False, allow_null=True, help_text=_("A ratio row's denominator, greater than zero.")
    )
    note = StrictCharField(required=False, allow_blank=True, max_length=4000, default="")
    confirm_outlier = StrictBooleanField(
        required=False, default=False, help_text=_("Confirm an unusual value (a `note` must explain it).")
    )
    version = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("The version you read (0 for a new value); a stale one is refused with 409."),
    )


class ValueWriteSerializer(ValueChangeSerializer):
    """A value of one row for one entity in one period (created, or changed if it exists)."""

    period = ScopedRelatedField(model=Period, scope=access.periods_visible)
    entity = ScopedRelatedField(model=OrgNode, scope=access.monitoring_nodes)
    row = ScopedRelatedField(model=IndicatorRow, scope=_rows_visible)

    def validate(self, attrs):
        if attrs["row"].indicator.plan_id != attrs["period"].plan_id:
            raise serializers.ValidationError({"row": [_("This row is not part of the period's plan.")]})
        return attrs


class ValueFilter(UnderMixin, django_filters.FilterSet):
    period = IdFilter(field_name="period")
    plan = IdFilter(field_name="period__plan")
    entity = IdFilter(field_name="entity")
    under = SubtreeFilter()
    row = IdFilter(field_name="row")
    indicator = TextFilter(field_name="row__indicator__code", label=_("Indicator code, e.g. 1.1.2."))
    state = django_filters.ChoiceFilter(field_name="submission__state", choices=Submission.State.choices)

    class Meta:
        model = Value
        fields = ["period", "plan", "entity", "under", "row", "indicator", "state"]


# The list reads a value's own columns and, as annotations, what it shows of the entity, row, indicator and
# submission: one model instance a row instead of five (a page holds hundreds of values).
LIST_COLUMNS = (
    "period_id",
    "entity_id",
    "row_id",
    "submission_id",
    "value",
    "numerator",
    "denominator",
    "note",
    "outlier_confirmed",
    "computed",
    "entered_by_id",
    "entered_at",
    "version",
)
LIST_RELATED = {
    "listed_entity_name": F("entity__name"),
    "listed_indicator": F("row__indicator_id"),
    "listed_indicator_code": F("row__indicator__code"),
    "listed_breakdown": F("row__breakdown"),
    "listed_submission_state": F("submission__state"),
}


WRITE_RESPONSES = {
    409: error_response(
        str(_("locked (submitted/approved data, period not open) or conflict (stale version)"))
    ),
    422: error_response(
        str(_("needs_confirmation: an unusual value; resend with confirm_outlier and a note"))
    ),
}


@extend_schema_view(
    list=extend_schema(summary=_("Entered values in your scope")),
    retrieve=extend_schema(summary=_("One value")),
    create=extend_schema(
        summary=_("Enter a value (creates it, or changes the existing one)"),
        request=ValueWriteSerializer,
        responses={201: ValueSerializer, 200: ValueSerializer, **WRITE_RESPONSES},
    ),
    update=extend_schema(
        summary=_("Change a value"),
        request=ValueChangeSerializer,
        responses={200: ValueSerializer, **WRITE_RESPONSES},
    ),
)
class ValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Values of the entities in your monitoring scope. Writes go through the same service as the
    entry page (`value_save`): the entity's enterers only (403 otherwise), never on locked data."""

    serializer_class = ValueSerializer
    filterset_class = ValueFilter
    ordering_fields = ["entered_at", "version", "id"]
    extra_error_statuses = {"create": (409, 422), "update": (409, 422)}

    @property
    def ordering(self) -> list[str]:
        """Chronological, then in organisation and plan order. Within one period (the usual filter) the
        period is left out: it is constant there, and ordering by its plan and dates kept PostgreSQL from
        reading the page in index order — it sorted the whole scope (93 ms instead of 5 at national size)."""
        request = getattr(self, "request", None)
        within = ["entity__path", "row__indicator__sort_key", "row__order"]
        return within if request is not None and "period" in request.query_params else ["period", *within]

    def get_queryset(self):
        visible = access.values_visible(self.user)
        if self.action == "list":  # see LIST_RELATED
            return visible.only(*LIST_COLUMNS).annotate(**LIST_RELATED)
        return visible.select_related("entity", "row__indicator", "submission")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.object_id())

    def paginate_queryset(self, queryset):
        # The page count reads the same filtered values without the listed columns' joins (entity,
        # row, indicator, submission), which PostgreSQL kept in the count: 37 → 15 ms for a province's
        # 33,535 values at national size.
        self.list_count_queryset = self.filter_queryset(access.values_visible(self.user))
        return super().paginate_queryset(queryset)

    def get_serializer_class(self):
        return {"create": ValueWriteSerializer, "update": ValueChangeSerializer}.get(
            self.action, ValueSerializer
        )

    def create(self, request, *args, **kwargs):
        serializer = ValueWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._save(period=data["period"], entity=data["entity"], row=data["row"], data=data)

    def update(self, request, *args, **kwargs):
        value = self.get_object()
        serializer = ValueChangeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return self._save(
            period=value.period, entity=value.entity, row=value.row, data=serializer.validated_data
        )

    def _save(self, *, period: Period, entity: OrgNode, row: IndicatorRow, data: dict) -> Response:
        if not access.can_enter(self.user, entity):
            raise exceptions.PermissionDenied(_("You do not enter this organisation unit's values."))
        with transaction.atomic():  # a draft submission created here is rolled back if the save fails
            submission = services.submission_get_or_create(period=period, entity=entity)
            try:
                result = services.value_save(
                    by=self.user,
                    submission=submission,
                    row=row,
                    value=data.get("value"),
                    numerator=data.get("numerator"),
                    denominator=data.get("denominator"),
                    note=data.get("note", ""),
                    confirm_outlier=data.get("confirm_outlier", False),
                    expected_version=data.get("version"),
                )
            except services.ConflictError:
                raise
            except DjangoValidationError as exc:
                if not submission.is_editable:
                    raise Locked(detail=messages_of(exc)) from exc
                raise
            if result.errors:
                field = "non_field_errors" if row.indicator.aggregation == "ratio" else "value"
                raise exceptions.ValidationError({field: result.errors})
            if result.needs_confirmation:
                raise NeedsConfirmation(
                    detail={
                        "non_field_errors": [result.needs_confirmation],
                        "confirm_outlier": [
                            NOTE_REQUIRED
                            if result.note_missing  # confirmed without the note that must go with it
                            else _("Send confirm_outlier: true with a note explaining the value.")
                        ],
                    }
                )
        saved = self.get_queryset().get(pk=result.value.pk)
        created = saved.version == 1
        return Response(
            ValueSerializer(saved).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
