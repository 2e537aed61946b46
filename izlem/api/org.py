"""API of the organisation: nodes (tree), units, users and their role assignments.

Reads come from `izlem.org.access` (`nodes_visible`, `users_manageable`, `manager_nodes` …), writes go
through `izlem.org.services` (`node_update`, `user_create_with_role`, `role_assign`, `role_end`).
"""

from __future__ import annotations

import django_filters
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from izlem.api.base import (
    ApiViewSet,
    ModelSerializer,
    ScopedRelatedField,
    StrictCharField,
    StrictChoiceField,
    StrictPrimaryKeyRelatedField,
    refuse_unless,
)
from izlem.api.filters import BoolFilter, IdFilter, TextFilter
from izlem.org import access, scope, services
from izlem.org.models import OrgNode, Role, RoleAssignment, Unit, User

# --- organisation nodes --------------------------------------------------------------------------


class NodeSerializer(ModelSerializer):
    """An organisation node: the ministry, a province, a district or a school/institution."""

    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=list(OrgNode.LEVEL_FIELDS)),
        read_only=True,
        help_text=_("Education levels (kademe) a school teaches."),
    )

    class Meta:
        model = OrgNode
        fields = [
            "id",
            "kind",
            "code",
            "name",
            "parent",
            "is_active",
            "school_type",
            "levels",
            *OrgNode.LEVEL_FIELDS.values(),
            "is_public",
            "setting",
            "student_count",
            "teacher_count",
            "updated_at",
        ]
        read_only_fields = fields


class NodeUpdateSerializer(ModelSerializer):
    """The attributes of a node its managers may change (never its place in the tree)."""

    class Meta:
        model = OrgNode
        fields = services.NODE_EDITABLE_FIELDS
        extra_kwargs = {name: {"required": False} for name in services.NODE_EDITABLE_FIELDS}


class NodeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrgNode.Kind.choices)
    parent = IdFilter(field_name="parent")
    under = IdFilter(method="filter_under", label=_("At or below this node."))
    code = TextFilter(field_name="code")
    school_type = django_filters.ChoiceFilter(choices=OrgNode.SchoolType.choices)
    setting = django_filters.ChoiceFilter(choices=OrgNode.Setting.choices)
    is_active = BoolFilter()

    class Meta:
        model = OrgNode
        fields = ["kind", "parent", "under", "code", "school_type", "setting", "is_active"]

    def filter_under(self, queryset, name, value):
        path = access.nodes_visible(self.request.user).filter(pk=value).values_list("path", flat=True).first()
        return queryset.filter(path__startswith=path) if path else queryset.none()


@extend_schema_view(
    list=extend_schema(summary=_("Organisation nodes you may see")),
    retrieve=extend_schema(summary=_("One organisation node")),
    partial_update=extend_schema(
        summary=_("Change a node's attributes"),
        request=NodeUpdateSerializer,
        responses={200: NodeSerializer},
    ),
)
class NodeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Organisation nodes in your scope (a role reaches its node and everything below it).

    PATCH changes a node's attributes: top managers, planning officers and principals in their
    subtree (403 for a node you see but may not change). `is_active` only top managers, planning
    officers and system administrators: a principal's PATCH with it is refused (403), nothing changed.
    """

    serializer_class = NodeSerializer
    filterset_class = NodeFilter
    search_fields = ["name", "=code"]
    ordering_fields = ["path", "name", "code", "kind", "id"]
    ordering = ["path"]

    def get_queryset(self):
        return access.nodes_visible(self.user)

    def get_object(self):
        return access.node_for(self.user, self.object_id())

    def get_serializer_class(self):
        return NodeUpdateSerializer if self.action == "partial_update" else NodeSerializer

    def partial_update(self, request, *args, **kwargs):
        node = self.get_object()
        node = refuse_unless(lambda: access.node_for(self.user, node.pk, action="change"))
        serializer = NodeUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        changes = {
            name: value for name, value in serializer.validated_data.items() if getattr(node, name) != value
        }
        if changes:
            node = services.node_update(node=node, by=self.user, **changes)
        return Response(NodeSerializer(node).data)


# --- units --------------------------------------------------------------------------------------


class UnitSerializer(ModelSerializer):
    """A directorate unit (şube/birim) that owns indicators and measures."""

    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "aliases"]


class UnitFilter(django_filters.FilterSet):
    code = TextFilter(field_name="code")

    class Meta:
        model = Unit
        fields = ["code"]


@extend_schema_view(
    list=extend_schema(summary=_("Directorate units")), retrieve=extend_schema(summary=_("One unit"))
)
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Directorate units (reference data every signed-in person may read)."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return Unit.objects.all()

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.object_id())


# --- users and role assignments --------------------------------------------------------------------


class AssignmentSerializer(ModelSerializer):
    """A role held at a node (and unit) for a span of dates."""

    node_name = serializers.CharField(source="node.name", read_only=True)
    is_active = serializers.SerializerMethodField()

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user",
            "role",
            "node",
            "node_name",
            "unit",
            "start_date",
            "end_date",
            "is_active",
            "approval_reference",
            "granted_by",
        ]
        read_only_fields = fields

    def get_is_active(self, assignment) -> bool:
        return assignment.is_in_force


class UserSerializer(ModelSerializer):
    """A person you manage, with every role assignment (current and past)."""

    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "title", "is_active", "assignments"]
        read_only_fields = fields


class RoleGrantSerializer(serializers.Serializer):
    """A role to give: where (a node inside the scope you manage), from when, until when, on what approval."""

    role = StrictChoiceField(choices=Role.choices)
    node = ScopedRelatedField(model=OrgNode, scope=access.manager_nodes)
    unit = StrictPrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
    approval_reference = StrictCharField(max_length=200, required=False, allow_blank=True)


class UserCreateSerializer(serializers.Serializer):
    """A new person with their first role (nobody exists outside a scope)."""

    username = StrictCharField(max_length=150, validators=[UnicodeUsernameValidator()])
    first_name = StrictCharField(max_length=150)
    last_name = StrictCharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    title = StrictCharField(max_length=120, required=False, allow_blank=True)
    password = StrictCharField(
        write_only=True,
        required=False,
        max_length=128,
        style={"input_type": "password"},
        help_text=_("Leave out to let the person set it through “Forgot password”."),
    )
    role = RoleGrantSerializer()


class AssignmentCreateSerializer(RoleGrantSerializer):
    """A role for a person you manage."""

    user = ScopedRelatedField(model=User, scope=access.users_manageable)


class AssignmentEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(
        required=False, help_text=_("The last day of the role (default: today).")
    )


USER_FIELDS = ("username", "first_name", "last_name", "email", "title", "password")
GRANT_REFUSED = _("You cannot grant this role at this organisation unit.")


def _grant_data(data: dict) -> dict:
    return {
        "role": data["role"],
        "node": data["node"],
        "unit": data.get("unit"),
        "start_date": data.get("start_date"),
        "end_date": data.get("end_date"),
        "approval_reference": data.get("approval_reference", ""),
    }


class UserFilter(django_filters.FilterSet):
    is_active = BoolFilter()
    role = django_filters.ChoiceFilter(method="filter_assignment", choices=Role.choices)
    node = IdFilter(method="filter_assignment")

    class Meta:
        model = User
        fields = ["is_active", "role", "node"]

    def filter_assignment(self, queryset, name, value):
        """People with a role (or a role at a node) among the assignments you see: never one elsewhere."""
        seen = access.assignments_visible(self.request.user).filter(**{name: value})
        return queryset.filter(pk__in=seen.values("user_id"))


@extend_schema_view(
    list=extend_schema(summary=_("People you manage")),
    retrieve=extend_schema(summary=_("One person and their roles")),
    create=extend_schema(
        summary=_("Create a person with their first role"),
        request=UserCreateSerializer,
        responses={201: UserSerializer},
    ),
)
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet):
    """People holding a role inside the subtree you manage (system administrators, top managers,
    principals for their teachers). Others get an empty list."""

    serializer_class = UserSerializer
    filterset_class = UserFilter
    search_fields = ["username", "first_name", "last_name"]
    ordering_fields = ["username", "first_name", "last_name", "id"]
    ordering = ["first_name", "last_name", "username"]

    def get_queryset(self):
        assignments = (
            access.assignments_visible(self.user).select_related("node").order_by("-start_date", "id")
        )
        return access.users_manageable(self.user).prefetch_related(
            Prefetch("assignments", queryset=assignments)
        )

    def get_object(self):
        person = access.user_for(self.user, self.object_id())
        return self.get_queryset().get(pk=person.pk)

    def get_serializer_class(self):
        return UserCreateSerializer if self.action == "create" else UserSerializer

    def create(self, request, *args, **kwargs):
        serializer = UserCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user_data = {name: data[name] for name in USER_FIELDS if name in data}
        try:
            person = services.user_create_with_role(
                by=self.user, user_data=user_data, role_data=_grant_data(data["role"])
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(GRANT_REFUSED) from exc
        except DjangoValidationError as exc:
            raise _prefixed(exc, prefix="role.", unless=USER_FIELDS) from exc
        return Response(
            UserSerializer(self.get_queryset().get(pk=person.pk)).data, status=status.HTTP_201_CREATED
        )


def _prefixed(exc: DjangoValidationError, *, prefix: str, unless=()) -> exceptions.ValidationError:
    """A service's ValidationError with its role fields named as in the request (`role.node`)."""
    if not hasattr(exc, "error_dict"):
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    return exceptions.ValidationError(
        {
            (name if name in unless or name == "__all__" else f"{prefix}{name}"): messages
            for name, messages in exc.message_dict.items()
        }
    )


class AssignmentFilter(django_filters.FilterSet):
    user = IdFilter(field_name="user")
    node = IdFilter(field_name="node")
    role = django_filters.ChoiceFilter(choices=Role.choices)
    active = BoolFilter(method="filter_active", label=_("In force today (true) or not (false)."))

    class Meta:
        model = RoleAssignment
        fields = ["user", "node", "role", "active"]

    def filter_active(self, queryset, name, value):
        active = scope.assignments_in_force().values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)


@extend_schema_view(
    list=extend_schema(summary=_("Role assignments of the people you manage")),
    retrieve=extend_schema(summary=_("One role assignment")),
    create=extend_schema(
        summary=_("Give a person you manage a role"),
        request=AssignmentCreateSerializer,
        responses={201: AssignmentSerializer},
    ),
    end=extend_schema(
        summary=_("End a role assignment"),
        request=AssignmentEndSerializer,
        responses={200: AssignmentSerializer},
    ),
)
class AssignmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet
):
    """Role assignments held at nodes inside the subtree you manage (a person's roles elsewhere are
    answered like missing ones, 404). Ending one is refused (403) unless you may grant that role at
    that node; ended today, it stops granting access at once. Nobody gives a role to themselves (403).
    Assignments are never deleted."""

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_fields = ["start_date", "end_date", "role", "id"]
    ordering = ["-start_date", "id"]

    def get_queryset(self):
        return access.assignments_visible(self.user).select_related("node")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.object_id())

    def get_serializer_class(self):
        return {"create": AssignmentCreateSerializer, "end": AssignmentEndSerializer}.get(
            self.action, AssignmentSerializer
        )

    def create(self, request, *args, **kwargs):
        serializer = AssignmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            assignment = services.role_assign(by=self.user, user=data["user"], **_grant_data(data))
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc.args[0]) if exc.args else GRANT_REFUSED) from exc
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        assignment = refuse_unless(lambda: access.assignment_for(self.user, assignment.pk))
        serializer = AssignmentEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if assignment.is_over:
            raise exceptions.ValidationError({"end_date": [_("This role has already ended.")]})
        assignment = services.role_end(
            by=self.user, assignment=assignment, end_date=serializer.validated_data.get("end_date")
        )
        return Response(AssignmentSerializer(assignment).data)
