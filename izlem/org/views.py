"""Organisation pages: tree, node detail and edit, users and roles, and one's own two-factor sign-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from izlem.core.collation import turkish
from izlem.core.forms import attach_service_errors
from izlem.org import access, services, two_factor
from izlem.org.forms import DeviceAddForm, NodeForm, RoleAssignForm, TokenForm, UserCreateForm
from izlem.org.models import OrgNode


@login_required
def node_list(request):
    """The organisation tree from the top of the user's scope, with search."""
    visible = access.nodes_visible(request.user)
    query = request.GET.get("q", "").strip()
    parent_id = request.GET.get("parent")
    parent = access.node_for(request.user, int(parent_id)) if parent_id and parent_id.isdigit() else None
    if query:
        nodes = visible.filter(Q(name__icontains=query) | Q(code__iexact=query))
    elif parent:
        nodes = visible.filter(parent=parent)
    else:
        nodes = _top_nodes(visible)
    nodes = (
        nodes.select_related("parent")
        .annotate(child_count=Count("children"))
        .order_by("kind", turkish("name"))
    )
    page = Paginator(nodes, 50).get_page(request.GET.get("page"))
    trail = parent.ancestors() + [parent] if parent else []
    return render(
        request,
        "org/node_list.html",
        {
            "page": page,
            "parent": parent,
            "query": query,
            "breadcrumbs": trail,
            "breadcrumb_links": access.visible_node_ids(request.user, trail),
        },
    )


def _top_nodes(visible):
    """The highest nodes of a scope: those whose parent is not visible."""
    return visible.exclude(parent__in=visible)


@login_required
def node_detail(request, pk: int):
    """One node: its attributes, children and people."""
    node = access.node_for(request.user, pk)
    children = node.children.order_by("kind", turkish("name"))
    return render(
        request,
        "org/node_detail.html",
        {
            "node": node,
            "children": Paginator(children, 50).get_page(request.GET.get("page")),
            "breadcrumbs": node.ancestors(),
            "breadcrumb_links": access.visible_node_ids(request.user, node.ancestors()),
            "can_change": access.can_change_node(request.user, node),
        },
    )


@login_required
def node_edit(request, pk: int):
    """Change a node's attributes (audited)."""
    node = access.node_for(request.user, pk, action="change")
    form = NodeForm(
        request.POST or None,
        instance=OrgNode.objects.get(pk=node.pk),
        structure=access.can_change_node_structure(request.user, node),
    )
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        try:
            services.node_update(node=node, by=request.user, **changes)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("org:node-detail", pk=node.pk)
    return render(request, "org/node_edit.html", {"node": node, "form": form})


@login_required
def user_list(request):
    """People the user manages, with search."""
    if not access.can_manage_people(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()
    users = access.users_manageable(request.user)
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
        )
    visible = access.assignments_visible(request.user).select_related("node")
    users = users.order_by("first_name", "last_name").prefetch_related(
        Prefetch("assignments", queryset=visible)
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "org/user_list.html", {"page": page, "query": query})


def _grantable(request):
    """The nodes and roles the requester may grant, for the role forms."""
    user = request.user
    return access.manager_nodes(user).order_by("path"), access.roles_grantable_somewhere(
        user
    ) - access.APPOINTED_ROLES


@login_required
def user_create(request):
    """Create a user account together with its first role (no user is left without a scope)."""
    if not access.can_manage_people(request.user):
        raise Http404
    nodes, roles = _grantable(request)
    form = UserCreateForm(request.POST or None, prefix="user")
    role_form = RoleAssignForm(request.POST or None, nodes=nodes, roles=roles, prefix="role")
    if request.method == "POST" and form.is_valid() and role_form.is_valid():
        try:
            user = services.user_create_with_role(
                by=request.user, user_data=form.cleaned_data, role_data=role_form.cleaned_data
            )
        except PermissionDenied:
            role_form.add_error("node", _("You cannot grant this role at this organisation unit."))
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The user was created."))
            return redirect("org:user-detail", pk=user.pk)
    return render(request, "org/user_create.html", {"form": form, "role_form": role_form})


@login_required
def user_detail(request, pk: int):
    """A user's role assignments (current and past) and the form to add one."""
    person = access.user_for(request.user, pk)
    assignments = (
        access.assignments_visible(request.user)
        .filter(user=person)
        .select_related("node", "unit")
        .order_by("-start_date")
    )
    return render(
        request,
        "org/user_detail.html",
        {
            "person": person,
            "assignments": assignments,
            "endable": {
                a.pk for a in assignments if access.can_grant(request.user, a.role, a.node) and not a.is_over
            },
            "can_give_role": not access.is_self_grant(request.user, person),
        },
    )


@login_required
def user_role_new(request, pk: int):
    """Give a user a role at a node within the requester's scope."""
    person = access.user_for(request.user, pk)
    if access.is_self_grant(request.user, person):
        messages.error(request, access.SELF_GRANT_REFUSED)
        return redirect("org:user-detail", pk=person.pk)
    nodes, roles = _grantable(request)
    form = RoleAssignForm(request.POST or None, nodes=nodes, roles=roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.role_assign(by=request.user, user=person, **data)
        except PermissionDenied:
            form.add_error("node", _("You cannot grant this role at this organisation unit."))
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("The role was given."))
            return redirect("org:user-detail", pk=person.pk)
    return render(request, "org/user_role_new.html", {"person": person, "form": form})


@login_required
@require_POST
def assignment_end(request, pk: int):
    """End a role assignment today."""
    assignment = access.assignment_for(request.user, pk)
    try:
        services.role_end(by=request.user, assignment=assignment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The role was ended."))
    return redirect("org:user-detail", pk=assignment.user_id)


# --- two-factor sign-in (one's own authenticators, recovery codes, the code after the password) ---------
RECOVERY_CODES_SESSION_KEY = "izlem_recovery_codes"


def _safe_next(request) -> str:
    """The `next` URL if it stays on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _address(request) -> str | None:
    """The client address for the account security log."""
    return request.META.get("REMOTE_ADDR") or None


@login_required
@two_factor.verified_required
@never_cache
def otp_manage(request):
    """The person's authenticators, their recovery codes (new ones shown once) and recent changes."""
    from izlem.core.models import AccountSecurityEvent

    return render(
        request,
        "registration/otp_manage.html",
        {
            "devices": TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk"),
            "codes_left": two_factor.recovery_codes_left(request.user),
            "new_codes": request.session.pop(RECOVERY_CODES_SESSION_KEY, None),
            "events": AccountSecurityEvent.objects.filter(user=request.user)[:10],
            "required": two_factor.two_factor_required(request.user),
        },
    )


@login_required
@two_factor.enrolled_verified_required
@never_cache
def otp_setup(request):
    """Add an authenticator: show the QR code and the key (base32), confirm with a first code.

    The secret stays in the session until a correct code is posted; only then is the device created.
    A person who already has a device must have verified this session (middleware and decorator).
    """
    key = two_factor.candidate_key(request.session)
    form = DeviceAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.totp_device_add(
            user=request.user,
            key=key,
            token=form.cleaned_data["token"],
            name=form.cleaned_data["name"],
            address=_address(request),
        )
        if device is not None:
            del request.session[two_factor.CANDIDATE_SESSION_KEY]
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is now on for your account."))
            if not two_factor.recovery_codes_left(request.user):
                request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.recovery_codes_generate(
                    user=request.user, address=_address(request)
                )
            return redirect("otp-manage")
        form.add_error("token", _("The code is not correct. Check your device's clock and try again."))
    import segno

    probe = TOTPDevice(user=request.user, key=key)  # never saved: only for the QR code's address
    qr_svg = segno.make(probe.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": two_factor.base32_key(key),
            "required": two_factor.two_factor_required(request.user),
        },
    )


@login_required
@two_factor.verified_required
@require_POST
def otp_device_remove(request, pk: int):
    """Remove one of the person's authenticators (verified session only)."""
    device = get_object_or_404(TOTPDevice, pk=pk, user=request.user, confirmed=True)
    two_factor.totp_device_remove(user=request.user, device=device, address=_address(request))
    messages.success(request, _("The authenticator “%(name)s” was removed.") % {"name": device.name})
    return redirect("otp-manage")


@login_required
@two_factor.verified_required
@require_POST
def otp_recovery_codes(request):
    """Make new recovery codes (the old ones stop working); they are shown once on the next page."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.error(request, _("Add an authenticator first; recovery codes stand in for it."))
        return redirect("otp-manage")
    request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.recovery_codes_generate(
        user=request.user, address=_address(request)
    )
    return redirect("otp-manage")


@login_required
@never_cache
def otp_verify(request):
    """Ask a user with a device for their code (or a recovery code) after the password."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Checked before the code: inside django-otp's lock after wrong codes even a right code is refused,
        # and the page must then say "wait", not "the code is wrong".
        wait = two_factor.code_wait_seconds(request.user)
        device = (
            None
            if wait
            else two_factor.verify_code(
                user=request.user, token=form.cleaned_data["token"], address=_address(request)
            )
        )
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        if wait:
            form.add_error(
                "token",
                ngettext(
                    "Too many wrong codes in a row: wait %(seconds)d second, then enter the code your app shows.",
                    "Too many wrong codes in a row: wait %(seconds)d seconds, then enter the code your app shows.",
                    wait,
                )
                % {"seconds": wait},
            )
        else:
            form.add_error("token", _("The code is not correct. Check your device's clock and try again."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _safe_next(request)})
