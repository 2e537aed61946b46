"""Material requests of the schools (the principal asks; the district or the province decides and
delivers) and their deliveries."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from izlem.api.base import (
    ApiViewSet,
    ModelSerializer,
    ScopedRelatedField,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
)
from izlem.api.filters import IdFilter
from izlem.api.harezmi.common import CONFLICT, YearFilter, guarded, require
from izlem.api.harezmi.records import RecordMixin
from izlem.harezmi import access, services
from izlem.harezmi.models import MaterialDelivery, MaterialItem, MaterialRequest, ProgramYear
from izlem.harezmi.selectors.materials import requests_for_list
from izlem.org.models import OrgNode

MState = MaterialRequest.State


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = MaterialDelivery
        fields = ["id", "quantity", "delivered_on", "supplier", "note", "recorded_by"]
        read_only_fields = fields


class MaterialRequestSerializer(ModelSerializer):
    """A school's request for material: its decision, and what was delivered so far."""

    school_name = serializers.CharField(source="school.name", read_only=True)
    district = serializers.IntegerField(source="school.parent_id", read_only=True, allow_null=True)
    delivered = serializers.IntegerField(read_only=True, help_text=_("Quantity delivered so far."))
    deliveries = DeliverySerializer(many=True, read_only=True)

    class Meta:
        model = MaterialRequest
        fields = [
            "id",
            "program_year",
            "school",
            "school_name",
            "district",
            "item",
            "description",
            "quantity",
            "reason",
            "state",
            "approved_quantity",
            "decided_by",
            "decided_at",
            "decision_note",
            "requested_by",
            "delivered",
            "deliveries",
            "created_at",
        ]
        read_only_fields = fields


class MaterialChangeSerializer(serializers.Serializer):
    item = StrictChoiceField(choices=MaterialItem.choices)
    description = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    quantity = StrictIntegerField(min_value=1, max_value=32767)
    reason = StrictCharField(max_length=8000)


class MaterialCreateSerializer(MaterialChangeSerializer):
    program_year = ScopedRelatedField(model=ProgramYear, scope=access.harezmi_years_visible)
    school = ScopedRelatedField(model=OrgNode, scope=access.harezmi_principal_schools)


class MaterialDecisionSerializer(serializers.Serializer):
    """Approve (with the quantity to supply, 1 … requested) or refuse (with a note saying why)."""

    approve = StrictBooleanField()
    approved_quantity = StrictIntegerField(
        min_value=1, max_value=32767, required=False, allow_null=True, default=None
    )
    note = StrictCharField(max_length=8000, required=False, allow_blank=True, default="")


def _suppliers(user):
    """The districts and provinces in whose name the user hands material over (the service checks the
    school's own)."""
    return (access.harezmi_district_nodes(user) | access.harezmi_province_nodes(user)).distinct()


class DeliveryCreateSerializer(serializers.Serializer):
    quantity = StrictIntegerField(min_value=1, max_value=32767)
    delivered_on = serializers.DateField()
    supplier = ScopedRelatedField(
        model=OrgNode, scope=_suppliers, help_text=_("The school's district or its province.")
    )
    note = StrictCharField(max_length=200, required=False, allow_blank=True, default="")


class MaterialFilter(django_filters.FilterSet):
    year = YearFilter()
    school = IdFilter(field_name="school")
    district = IdFilter(field_name="school__parent")
    item = django_filters.ChoiceFilter(choices=MaterialItem.choices)
    state = django_filters.ChoiceFilter(choices=MState.choices)

    class Meta:
        model = MaterialRequest
        fields = ["year", "school", "district", "item", "state"]


@extend_schema_view(
    list=extend_schema(summary=_("Material requests of the schools you read")),
    retrieve=extend_schema(summary=_("One material request, with its deliveries")),
    create=extend_schema(
        summary=_("Ask for material for your school (principals)"),
        request=MaterialCreateSerializer,
        responses={201: MaterialRequestSerializer},
    ),
    partial_update=extend_schema(
        summary=_("Change a request that still waits for a decision"),
        request=MaterialChangeSerializer,
        responses={200: MaterialRequestSerializer, 409: CONFLICT},
    ),
    decide=extend_schema(
        summary=_("Approve or refuse a request (the school's district or the province)"),
        request=MaterialDecisionSerializer,
        responses={200: MaterialRequestSerializer, 409: CONFLICT},
    ),
    deliveries=extend_schema(
        summary=_(
            "Record material handed over (the request is delivered when the approved quantity is reached)"
        ),
        request=DeliveryCreateSerializer,
        responses={201: MaterialRequestSerializer, 409: CONFLICT},
    ),
)
class MaterialRequestViewSet(RecordMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Requests of the schools you read. The principal asks and changes it while it waits; the school's
    district (top manager, coordinator) or the province decides and delivers (403 for other readers)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = MaterialRequest.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = MaterialRequestSerializer
    answer_serializer = MaterialRequestSerializer
    record_for = staticmethod(access.harezmi_material_request_for)
    filterset_class = MaterialFilter
    search_fields = ["description", "reason", "school__name"]
    ordering_fields = ["created_at", "quantity", "state", "id"]
    ordering = ["-created_at", "-id"]
    extra_error_statuses = {"partial_update": (409,), "decide": (409,), "deliveries": (409,)}

    def get_queryset(self):
        return requests_for_list(access.harezmi_material_requests_visible(self.user)).prefetch_related(
            Prefetch("deliveries", queryset=MaterialDelivery.objects.order_by("delivered_on", "id"))
        )

    def get_serializer_class(self):
        return {
            "create": MaterialCreateSerializer,
            "partial_update": MaterialChangeSerializer,
            "decide": MaterialDecisionSerializer,
            "deliveries": DeliveryCreateSerializer,
        }.get(self.action, MaterialRequestSerializer)

    def create(self, request, *args, **kwargs):
        require(access.harezmi_principal_schools(self.user).exists())
        record = services.material_request_create(by=self.user, **self._data(MaterialCreateSerializer))
        return self._answer(record, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        record = self._editable("edit")
        data = {
            "item": record.item,
            "description": record.description,
            "quantity": record.quantity,
            "reason": record.reason,
        }
        data.update(self._data(MaterialChangeSerializer, partial=True))
        guarded(
            lambda: services.material_request_update(by=self.user, request=record, **data),
            allowed=record.state == MState.REQUESTED,
        )
        return self._answer(record)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        record = self._editable("decide")
        data = self._data(MaterialDecisionSerializer)
        guarded(
            lambda: services.material_request_decide(by=self.user, request=record, **data),
            allowed=record.state == MState.REQUESTED,
        )
        return self._answer(record)

    @action(detail=True, methods=["post"])
    def deliveries(self, request, pk=None):
        record = self._editable("deliver")
        data = self._data(DeliveryCreateSerializer)
        guarded(
            lambda: services.material_delivery_record(by=self.user, request=record, **data),
            allowed=record.state == MState.APPROVED,
        )
        return self._answer(record, status.HTTP_201_CREATED)
