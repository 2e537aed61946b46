"""Organisation tree (ministry → province → district → school), units, users and role assignments."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.models import TimeStampedModel


class OrgNodeQuerySet(models.QuerySet):
    """Queries over the organisation tree."""

    def provinces(self):
        return self.filter(kind=OrgNode.Kind.PROVINCE)

    def districts(self):
        return self.filter(kind=OrgNode.Kind.DISTRICT)

    def schools(self):
        return self.filter(kind=OrgNode.Kind.SCHOOL)

    def active(self):
        return self.filter(is_active=True)

    def subtree_of(self, *nodes: OrgNode):
        """Nodes at or below any of `nodes` (never siblings or parents)."""
        if not nodes:
            return self.none()
        condition = Q()
        for node in nodes:
            condition |= Q(path__startswith=node.path)
        return self.filter(condition)


class OrgNode(TimeStampedModel):
    """A node of the organisation tree: the ministry, a province, a district or a school/institution.

    `path` is the materialised chain of ancestor ids ("1/5/23/"): a role at a node reaches exactly the
    nodes whose path starts with that node's path. School attributes are blank on other kinds.
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        SCHOOL = "school", _("School / institution")

    class SchoolType(models.TextChoices):
        PRESCHOOL = "anaokulu", _("Kindergarten")
        PRIMARY = "ilkokul", _("Primary school")
        MIDDLE = "ortaokul", _("Middle school")
        GENERAL_HIGH = "genel_lise", _("General high school")
        VOCATIONAL_HIGH = "mesleki_teknik", _("Vocational and technical Anatolian high school")
        IMAM_HATIP = "imam_hatip", _("Imam hatip school")
        SPECIAL_EDUCATION = "ozel_egitim", _("Special education school")
        BOARDING = "yibo", _("Regional boarding school (YİBO/YBO)")
        PUBLIC_EDUCATION_CENTRE = "hem", _("Public education centre")
        VOCATIONAL_CENTRE = "mem", _("Vocational education centre")
        GUIDANCE_CENTRE = "ram", _("Guidance and research centre")
        SCIENCE_ARTS_CENTRE = "bilsem", _("Science and art centre")
        OTHER = "diger", _("Other institution")

    class Setting(models.TextChoices):
        URBAN = "urban", _("Urban")
        RURAL = "rural", _("Rural")

    KIND_DEPTH = {Kind.MINISTRY: 0, Kind.PROVINCE: 1, Kind.DISTRICT: 2, Kind.SCHOOL: 3}
    PARENT_KIND = {Kind.PROVINCE: Kind.MINISTRY, Kind.DISTRICT: Kind.PROVINCE, Kind.SCHOOL: Kind.DISTRICT}

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    code = models.CharField(_("official code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    # school attributes
    school_type = models.CharField(_("school type"), max_length=24, choices=SchoolType.choices, blank=True)
    level_preschool = models.BooleanField(_("pre-school level"), default=False)
    level_primary = models.BooleanField(_("primary level"), default=False)
    level_middle = models.BooleanField(_("middle level"), default=False)
    level_secondary = models.BooleanField(_("secondary level"), default=False)
    is_public = models.BooleanField(_("public"), default=True)
    setting = models.CharField(_("urban/rural"), max_length=8, choices=Setting.choices, blank=True)
    student_count = models.PositiveIntegerField(_("number of students"), null=True, blank=True)
    teacher_count = models.PositiveIntegerField(_("number of teachers"), null=True, blank=True)

    history = HistoricalRecords()
    objects = OrgNodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="orgnode_unique_kind_code"),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="orgnode_kind_name")]

    def __str__(self) -> str:
        return self.name

    LEVEL_FIELDS = {
        "preschool": "level_preschool",
        "primary": "level_primary",
        "middle": "level_middle",
        "secondary": "level_secondary",
    }

    @property
    def levels(self) -> list[str]:
        """The education levels (kademe) this school teaches, as level keys."""
        return [key for key, field in self.LEVEL_FIELDS.items() if getattr(self, field)]

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1 if self.path else self.KIND_DEPTH[self.kind]

    def save(self, *args, **kwargs) -> None:
        """Save, then keep `path` (and the paths below, after a move) in step with `parent`."""
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent_id else ''}{self.pk}/"
        if new_path == old_path:
            return
        OrgNode.objects.filter(pk=self.pk).update(path=new_path)
        self.path = new_path
        if old_path:  # a move: re-root every descendant's path
            for child in OrgNode.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                OrgNode.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path) :])

    def is_within(self, other: OrgNode) -> bool:
        """True if this node is `other` or below it."""
        return self.path.startswith(other.path)

    def ancestors(self) -> list[OrgNode]:
        """The nodes above this one, from the root down."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1]]
        by_id = OrgNode.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    @property
    def province(self) -> OrgNode | None:
        """The province this node is in (itself for a province)."""
        if self.kind == self.Kind.PROVINCE:
            return self
        return next((node for node in self.ancestors() if node.kind == self.Kind.PROVINCE), None)


class Unit(TimeStampedModel):
    """A directorate unit (şube/birim) that owns indicators and measures, e.g. Temel Eğitim."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("One per line: the phrases plan documents use for this unit."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class User(AbstractUser):
    """A person who signs in: directorate staff, coordinators, principals, teachers, stakeholders."""

    title = models.CharField(_("title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    """The roles of SPEC §1."""

    SYSADMIN = "sysadmin", _("System administrator")
    TOP_MANAGER = "top_manager", _("Top manager")
    PLANNING_OFFICER = "planning_officer", _("Planning officer")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    PROVINCE_COORDINATOR = "province_coordinator", _("Province coordinator")
    PROVINCE_COORDINATOR_ASSISTANT = "province_coordinator_assistant", _("Assistant province coordinator")
    DISTRICT_COORDINATOR = "district_coordinator", _("District coordinator")
    HAREZMI_SUPERVISOR = "harezmi_supervisor", _("Harezmi supervisor (deputy director / branch manager)")
    STRATEGY_OFFICE = "strategy_office", _("Province strategy development branch")
    PRINCIPAL = "principal", _("School principal")
    TEACHER = "teacher", _("Teacher")
    STAKEHOLDER = "stakeholder", _("Stakeholder")


# Where each role may be held (SPEC §1 "at").
ROLE_NODE_KINDS: dict[str, set[str]] = {
    Role.SYSADMIN: {OrgNode.Kind.MINISTRY},
    Role.TOP_MANAGER: {OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT},
    Role.PLANNING_OFFICER: {OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT},
    Role.UNIT_MANAGER: {OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT},
    Role.PROVINCE_COORDINATOR: {OrgNode.Kind.PROVINCE},
    Role.PROVINCE_COORDINATOR_ASSISTANT: {OrgNode.Kind.PROVINCE},
    Role.DISTRICT_COORDINATOR: {OrgNode.Kind.DISTRICT},
    # the İl/İlçe MEM deputy director or branch manager under whom the coordinators work (seed §3, §4)
    Role.HAREZMI_SUPERVISOR: {OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT},
    # İl Strateji Geliştirme Şube Müdürlüğü: a province office, addressee of the districts' letters
    Role.STRATEGY_OFFICE: {OrgNode.Kind.PROVINCE},
    Role.PRINCIPAL: {OrgNode.Kind.SCHOOL},
    Role.TEACHER: {OrgNode.Kind.SCHOOL},
    Role.STAKEHOLDER: {
        OrgNode.Kind.MINISTRY,
        OrgNode.Kind.PROVINCE,
        OrgNode.Kind.DISTRICT,
        OrgNode.Kind.SCHOOL,
    },
}
UNIT_ROLES = {Role.UNIT_MANAGER}


class RoleAssignmentQuerySet(models.QuerySet):
    """Queries over role assignments."""

    def active(self, on: dt.date | None = None):
        """Assignments in force on `on` (default: now, today in Istanbul).

        A role ended by hand (`ended_at` set) grants nothing from that moment on, although its `end_date`
        (the last day on record) is today; on an earlier day it counts as its dates say.
        """
        day = on or timezone.localdate()
        in_force = self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        if day >= timezone.localdate():
            in_force = in_force.filter(ended_at__isnull=True)
        return in_force


class RoleAssignment(TimeStampedModel):
    """A user's role at one organisation node (and one unit for unit roles), for a span of dates."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    node = models.ForeignKey(
        OrgNode, verbose_name=_("organisation unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT)
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Set when someone ends the role: from this moment it grants nothing, even on its last day.
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, editable=False)
    approval_reference = models.CharField(
        _("approval reference"),
        max_length=200,
        blank=True,
        help_text=_("The approval that made this assignment, if any."),
    )
    granted_by = models.ForeignKey(
        User, verbose_name=_("granted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="roleassignment_end_after_start",
                violation_error_message=_("A role's end date must not be before its start date."),
            ),
        ]
        indexes = [models.Index(fields=["user", "role"], name="roleassignment_user_role")]

    def __str__(self) -> str:
        unit = f" / {self.unit}" if self.unit_id else ""
        return f"{self.user} — {self.get_role_display()} @ {self.node}{unit}"

    @property
    def is_in_force(self) -> bool:
        """True if the assignment grants its role right now (dates reached, not ended by hand)."""
        today = timezone.localdate()
        return (
            self.ended_at is None
            and self.start_date <= today
            and (self.end_date is None or self.end_date >= today)
        )

    @property
    def is_over(self) -> bool:
        """True if the role was ended by hand or its last day has passed (nothing left to end)."""
        return self.ended_at is not None or (
            self.end_date is not None and self.end_date < timezone.localdate()
        )

    def clean(self) -> None:
        """A role sits only on the node kinds SPEC §1 names; unit roles need a unit."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.node_id and self.role in ROLE_NODE_KINDS and self.node.kind not in ROLE_NODE_KINDS[self.role]:
            errors["node"] = _("The role %(role)s cannot be held at a %(kind)s.") % {
                "role": self.get_role_display(),
                "kind": self.node.get_kind_display().lower(),
            }
        if self.role in UNIT_ROLES and not self.unit_id:
            errors["unit"] = _("A unit manager must be assigned to a unit.")
        if self.role not in UNIT_ROLES and self.unit_id:
            errors["unit"] = _("Only unit managers are assigned to a unit.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if errors:
            raise ValidationError(errors)
