"""Forms of the report pages."""

from django import forms

from izlem.core.widgets import DateInput
from izlem.monitoring.models import EvaluationMeeting


class MeetingForm(forms.ModelForm):
    """The evaluation meeting's record."""

    class Meta:
        model = EvaluationMeeting
        fields = ["date", "place", "chair", "attendees", "minutes", "decisions"]
        widgets = {
            "date": DateInput(),
            "attendees": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if chairs is not None:
            self.fields["chair"].queryset = chairs
