"""Harezmi access: whose audit history a person may read (each record's own rule decides)."""

from __future__ import annotations

from django.http import Http404

from izlem.harezmi.access.duties import harezmi_cooperation_for, harezmi_report_for, harezmi_task_for
from izlem.harezmi.access.program import (
    harezmi_application_for,
    harezmi_appointment_for,
    harezmi_assignment_for,
    harezmi_student_for,
    harezmi_team_for,
    harezmi_year_for,
)
from izlem.harezmi.access.sessions import harezmi_absence_for, harezmi_session_for
from izlem.harezmi.access.visits import harezmi_visit_for, harezmi_visit_plan_for


def harezmi_history_object_for(user, model_name: str, pk: int):
    """Return a Harezmi object whose audit history the user may read, else Http404."""
    getters = {
        "programyear": lambda: harezmi_year_for(user, pk),
        "application": lambda: harezmi_application_for(user, pk),
        "coordinatorappointment": lambda: harezmi_appointment_for(user, pk),
        "team": lambda: harezmi_team_for(user, pk),
        "teacherassignment": lambda: harezmi_assignment_for(user, pk),
        "student": lambda: harezmi_student_for(user, pk),
        "session": lambda: harezmi_session_for(user, pk),
        "absence": lambda: harezmi_absence_for(user, pk),
        "visitplan": lambda: harezmi_visit_plan_for(user, pk),
        "visit": lambda: harezmi_visit_for(user, pk),
        "assignedtask": lambda: harezmi_task_for(user, pk),
        "cooperation": lambda: harezmi_cooperation_for(user, pk),
        "researchreport": lambda: harezmi_report_for(user, pk),
    }
    getter = getters.get(model_name)
    if getter is None:
        raise Http404
    return getter()
