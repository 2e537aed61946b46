"""Pages around the API: the person's token page, the Swagger UI docs and the JSON 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound

from izlem.api import services
from izlem.api.errors import error_body
from izlem.api.forms import TokenCreateForm
from izlem.api.models import ApiToken
from izlem.core.forms import attach_service_errors
from izlem.org.two_factor import verified_required

SECRET_SESSION_KEY = "izlem_api_token_secret"


@login_required
@verified_required
@never_cache
def token_list(request):
    """The person's API tokens, the form to create one, and a new token's secret (shown once)."""
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            request.session[SECRET_SESSION_KEY] = {"id": token.pk, "secret": secret}
            messages.success(request, _("The token was created. Copy it now: it will not be shown again."))
            return redirect("tokens:list")
    shown = request.session.pop(SECRET_SESSION_KEY, None)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens, "new_secret": shown, "docs_url": reverse("api:docs")},
    )


@login_required
@verified_required
@require_POST
def token_revoke(request, pk: int):
    """Revoke one of the person's tokens; it stops working at once."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(by=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("tokens:list")


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from local static files (drf-spectacular-sidecar), under the site's strict CSP:
    the init script is served from this URL (`?script`), and the page has no inline style."""

    template_name = "api/swagger_ui.html"
    title = "izlem API"


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any unknown path under /api/v1/: the API's JSON 404."""
    return JsonResponse(error_body("not_found", str(NotFound.default_detail)), status=404)
