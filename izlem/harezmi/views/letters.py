"""The province's letter inbox: districts' start letters and departure letters, and their evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.harezmi import access, services
from izlem.harezmi.forms import LetterEvaluationForm
from izlem.harezmi.selectors.letters import letter_rows
from izlem.harezmi.views.common import year_from

STATES = ("waiting", "evaluated")


@login_required
def letter_inbox(request):
    """The letters the districts sent to the province in the year, waiting or evaluated."""
    if not access.harezmi_has_letter_inbox(request.user):
        raise Http404
    year = year_from(request)
    state = request.GET.get("state", "waiting")
    if state not in STATES:
        state = ""
    rows = letter_rows(access.harezmi_letters_visible(request.user), year, state=state)
    evaluable = set(
        access.harezmi_letters_visible(request.user, action="evaluate")
        .filter(pk__in=[row.document.pk for row in rows])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "harezmi/letter_inbox.html",
        {
            "year": year,
            "rows": rows,
            "state": state,
            "evaluable": evaluable,
        },
    )


@login_required
@require_POST
def letter_evaluate(request, pk: int):
    """Record that the province evaluated the letter (the strategy office)."""
    letter = access.harezmi_letter_for(request.user, pk, action="evaluate")
    form = LetterEvaluationForm(request.POST)
    form.is_valid()  # one optional text field: always valid; the service checks its length
    try:
        services.letter_evaluate(by=request.user, document=letter, note=form.cleaned_data.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The evaluation of %(letter)s was recorded.") % {"letter": letter})
    query = f"?year={request.POST['year']}" if request.POST.get("year", "").isdigit() else ""
    return redirect(reverse("harezmi:letter-inbox") + query)
