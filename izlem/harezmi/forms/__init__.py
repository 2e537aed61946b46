"""Forms of the Harezmi pages. Choices are limited to what the user may use; services check again."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from izlem.core.widgets import DateInput, FollowingSelectMultiple, KeptFileField, KeptFileInput
from izlem.harezmi.models import (
    CalendarEvent,
    CoordinatorAppointment,
    OfficialDocument,
    ProgramYear,
    SchoolHoliday,
    Team,
    TrainingCompletion,
    Weekday,
)
from izlem.harezmi.services.common import DocumentInput
from izlem.harezmi.services.program import YEAR_EDITABLE_FIELDS
from izlem.harezmi.services.students import ConsentInput
from izlem.org.models import OrgNode, User


class NoEchoTextInput(forms.TextInput):
    """A text input that never writes the submitted value back into the page (KVKK: a refused form must
    not echo a Turkish ID number into the HTML)."""

    def format_value(self, value):
        return None


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date field with the browser's date picker (phones show their native one)."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
    )


def file_field(label, *, required: bool = False) -> forms.FileField:
    """An upload of a scanned document (PDF, image, office file)."""
    return KeptFileField(
        label=label,
        required=required,
        help_text=_("PDF, PNG, JPG, DOCX, ODT or XLSX."),
        widget=KeptFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.odt,.xlsx"}),
    )


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def document_input(data: dict, prefix: str) -> DocumentInput | None:
    """The document a form holds under `<prefix>_number`, `<prefix>_date`, `<prefix>_file` (None if no date)."""
    if not data.get(f"{prefix}_date"):
        return None
    return DocumentInput(
        date=data[f"{prefix}_date"],
        number=data.get(f"{prefix}_number", "") or "",
        file=data.get(f"{prefix}_file"),
    )


class PersonChoiceField(forms.ModelChoiceField):
    """A person shown with their title."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj} — {obj.title}" if obj.title else str(obj)


class ProgramYearForm(forms.ModelForm):
    """The dates and rules of a program year."""

    class Meta:
        model = ProgramYear
        fields = YEAR_EDITABLE_FIELDS
        widgets = {
            name: DateInput()
            for name in YEAR_EDITABLE_FIELDS
            if name.endswith(("_date", "_opens", "_closes", "_start", "_end"))
        }

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        if provinces is not None and provinces.count() > 1:  # an administrator chooses the province
            self.fields = {
                "province": forms.ModelChoiceField(label=_("Province"), queryset=provinces),
                **self.fields,
            }


class CalendarEventForm(forms.ModelForm):
    """A training, meeting or key date of the year."""

    class Meta:
        model = CalendarEvent
        fields = ["kind", "title", "starts_on", "ends_on", "node", "place", "notes"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "notes": textarea(),
        }

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()


class SchoolHolidayForm(forms.ModelForm):
    """A break or public holiday of the year."""

    class Meta:
        model = SchoolHoliday
        fields = ["kind", "name", "first_day", "last_day"]
        widgets = {"first_day": DateInput(), "last_day": DateInput()}


class TrainingForm(forms.ModelForm):
    """A completed in-service training."""

    person = PersonChoiceField(label=_("Person"), queryset=User.objects.none())

    class Meta:
        model = TrainingCompletion
        fields = ["person", "kind", "completed_on", "certificate_number"]
        widgets = {"completed_on": DateInput()}

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else User.objects.none()


class AppointmentForm(forms.Form):
    """Appoint a coordinator: the post, the person, the approvals (which ones depend on the post)."""

    kind = forms.ChoiceField(label=_("Post"), choices=CoordinatorAppointment.Kind.choices)
    node = forms.ModelChoiceField(label=_("Province or district"), queryset=OrgNode.objects.none())
    person = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_("Only people who completed the Harezmi in-service training can be appointed."),
    )
    semester = forms.ChoiceField(
        label=_("Semester"), choices=CoordinatorAppointment.Semester.choices, initial="both"
    )
    start_date = date_field(_("Start date"), required=False, help_text=_("Empty: the start of the semester."))
    employment = forms.ChoiceField(
        label=_("Working time (district coordinator)"),
        choices=[("", "—"), *CoordinatorAppointment.Employment.choices],
        required=False,
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[("", "—"), *CoordinatorAppointment.Unit.choices],
        help_text=_(
            "Province posts: the province's Strategy Development Section, R&D unit or private office. District "
            "coordinator: the district's private office or R&D unit."
        ),
    )
    approval_number = forms.CharField(label=_("Office approval (makam onayı) number"), required=False)
    approval_date = date_field(_("Office approval date"), required=False)
    approval_file = file_field(_("Office approval file"))
    ministry_opinion_number = forms.CharField(label=_("Ministry's opinion: number"), required=False)
    ministry_opinion_date = date_field(_("Ministry's opinion: date"), required=False)
    ministry_opinion_file = file_field(_("Ministry's opinion: file"))
    petition_date = date_field(_("Volunteer petition date (district coordinator)"), required=False)
    petition_file = file_field(_("Volunteer petition file"))
    start_letter_number = forms.CharField(
        label=_("Start letter to the province: EBYS number"), required=False
    )
    start_letter_date = date_field(_("Start letter date"), required=False)
    start_letter_file = file_field(_("Start letter file"))
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools followed (district coordinator)"),
        queryset=OrgNode.objects.none(),
        required=False,
        widget=FollowingSelectMultiple(attrs={"size": 8}, follows="id_node"),
        help_text=_("Leave empty when one coordinator follows every application school of the district."),
    )

    def __init__(self, *args, nodes=None, people=None, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()
        self.fields["person"].queryset = people if people is not None else User.objects.none()
        self.fields["schools"].queryset = schools if schools is not None else OrgNode.objects.none()

    def documents(self) -> dict:
        data = self.cleaned_data
        return {
            "approval": document_input(data, "approval"),
            "ministry_opinion": document_input(data, "ministry_opinion"),
            "petition": document_input(data, "petition"),
            "start_letter": document_input(data, "start_letter"),
        }


class CoordinatorDepartureForm(forms.Form):
    """A coordinator's petition to leave."""

    petition_date = date_field(_("Petition date"))
    petition_file = file_field(_("Petition file"))
    reason = forms.CharField(label=_("Reason for leaving"), widget=textarea())
    departure_date = date_field(_("Leaves on"))


class ApplicationForm(forms.Form):
    """A school's application: teams wanted, teachers proposed, reasons."""

    requested_team_count = forms.IntegerField(label=_("Number of teams requested"), min_value=1, max_value=20)
    proposed_teachers = forms.ModelMultipleChoiceField(
        label=_("Proposed teachers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    proposed_teacher_names = forms.CharField(
        label=_("Other proposed teachers"),
        required=False,
        widget=textarea(2),
        help_text=_("One per line: name and branch of teachers without an account."),
    )
    motivation = forms.CharField(label=_("Reasons for applying"), widget=textarea(5))

    def __init__(self, *args, teachers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_teachers"].queryset = teachers if teachers is not None else User.objects.none()


class ApplicationSettingsForm(forms.Form):
    """The school's weekdays it cannot use and its own team size range."""

    unavailable_weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays the school cannot use"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    teacher_min = forms.IntegerField(
        label=_("Fewest teachers in a team"), min_value=1, max_value=20, required=False
    )
    teacher_max = forms.IntegerField(
        label=_("Most teachers in a team"), min_value=1, max_value=20, required=False
    )


class ApplicationReviewForm(forms.Form):
    """The district's review: forward to the province or return to the school."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("forward", _("Forward to the province")), ("return", _("Return to the school"))],
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=textarea())


class ApplicationDecisionForm(forms.Form):
    """The province's decision: approve with a number of teams, or not."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Do not approve"))],
    )
    approved_team_count = forms.IntegerField(
        label=_("Number of teams approved"), min_value=1, max_value=20, required=False
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=textarea())

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("approved_team_count"):
            self.add_error("approved_team_count", _("Write how many teams are approved."))
        return data


class TeamForm(forms.Form):
    """A new team of a school."""

    school = forms.ModelChoiceField(label=_("School"), queryset=OrgNode.objects.none())
    name = forms.CharField(label=_("Team name"), max_length=80, initial=_("Team 1"))

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else OrgNode.objects.none()


class ScheduleForm(forms.Form):
    """A team's weekday and four lesson hours; a change carries its reason and its announcement."""

    weekday = forms.TypedChoiceField(label=_("Application day"), choices=Weekday.choices, coerce=int)
    first_lesson = forms.TypedChoiceField(
        label=_("First lesson hour (preparation)"),
        coerce=int,
        help_text=_("Then two application hours and one evaluation hour."),
    )
    effective_from = date_field(_("Effective from"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), required=False, widget=textarea(2))
    announcement = forms.CharField(
        label=_("Announcement to students and parents"),
        required=False,
        widget=textarea(3),
        help_text=_(
            "Required when an existing time changes. For a first time, write it when the school announces "
            "it; otherwise announce it later from the team's page."
        ),
    )

    def __init__(self, *args, program_year: ProgramYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_lesson"].choices = [
            (first, _("lessons %(first)d–%(last)d") % {"first": first, "last": first + 3})
            for first in program_year.first_lesson_choices
        ]


class ScheduleAnnounceForm(forms.Form):
    """The announcement of a team's first weekly time to its students and parents."""

    announced_on = date_field(_("Announced on"))
    announcement = forms.CharField(label=_("Announcement to students and parents"), widget=textarea(3))


class AssignmentAddForm(forms.Form):
    """Put a teacher in a team; during the year with the petition and the justification."""

    teacher = PersonChoiceField(label=_("Teacher"), queryset=User.objects.none())
    petition_date = date_field(_("Petition date"), required=False, help_text=_("Required during the year."))
    petition_file = file_field(_("Petition file"))
    justification = forms.CharField(
        label=_("Justification of the change"),
        required=False,
        widget=textarea(),
        help_text=_("Required during the year: staff stability is a rule of the program."),
    )

    def __init__(self, *args, teachers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers if teachers is not None else User.objects.none()


class AssignmentApproveForm(forms.Form):
    """The Kaymakamlık Oluru and the Valilik Oluru it cites."""

    governor_approval = forms.ModelChoiceField(
        label=_("Valilik Oluru cited"),
        queryset=OfficialDocument.objects.none(),
        required=False,
        help_text=_("Choose it, or record a new one below."),
    )
    governor_number = forms.CharField(label=_("New Valilik Oluru: number"), required=False)
    governor_date = date_field(_("New Valilik Oluru: date"), required=False)
    governor_file = file_field(_("New Valilik Oluru: file"))
    approval_number = forms.CharField(label=_("Kaymakamlık Oluru: number"))
    approval_date = date_field(_("Kaymakamlık Oluru: date"))
    approval_file = file_field(_("Kaymakamlık Oluru: file"))
    start_date = date_field(
        _("Starts in the team on"), required=False, help_text=_("Empty: the approval date.")
    )

    def __init__(self, *args, governor_approvals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if governor_approvals is not None:
            self.fields["governor_approval"].queryset = governor_approvals


class NoteForm(forms.Form):
    """A short written reason."""

    note = forms.CharField(label=_("Reason"), widget=textarea())


class TeacherDepartureForm(forms.Form):
    """A teacher leaves a team: petition, justification, last day."""

    petition_date = date_field(_("Petition date"))
    petition_file = file_field(_("Petition file"))
    justification = forms.CharField(label=_("Justification of the change"), widget=textarea())
    end_date = date_field(_("Last day in the team"))


class DepartureLetterForm(forms.Form):
    """The EBYS letter that informs the province of a departure."""

    letter_number = forms.CharField(label=_("EBYS number"))
    letter_date = date_field(_("Letter date"))
    letter_file = file_field(_("Letter file"))


class ConsentForm(forms.Form):
    """The parents' signed consent."""

    parent_name = forms.CharField(label=_("Parent or guardian"), max_length=160)
    given_on = date_field(_("Signed on"))
    form_file = file_field(_("Signed consent form"), required=True)

    def consent(self) -> ConsentInput:
        data = self.cleaned_data
        return ConsentInput(
            parent_name=data["parent_name"], given_on=data["given_on"], form_file=data["form_file"]
        )


class StudentForm(forms.Form):
    """Register a student; the consent may be recorded at once (then the student can join a team)."""

    school = forms.ModelChoiceField(label=_("School"), queryset=OrgNode.objects.none())
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    grade = forms.IntegerField(label=_("Grade"), min_value=1, max_value=12)
    national_id = forms.CharField(
        label=_("Turkish ID number"),
        required=False,
        max_length=11,
        widget=NoEchoTextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*"}),
        help_text=_("Optional; stored encrypted and shown masked."),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Only with the parents' consent."),
    )
    parent_name = forms.CharField(label=_("Parent or guardian"), max_length=160, required=False)
    consent_date = date_field(_("Consent signed on"), required=False)
    consent_file = file_field(_("Signed consent form"))

    def __init__(self, *args, schools=None, teams=None, collect_national_id: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else OrgNode.objects.none()
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()
        if not collect_national_id:
            del self.fields["national_id"]

    def clean(self):
        data = super().clean()
        given = [
            bool(data.get("parent_name")),
            bool(data.get("consent_date")),
            bool(data.get("consent_file")),
        ]
        if any(given) and not all(given):
            raise ValidationError(
                _("To record the consent, fill in the parent, the date and the signed form.")
            )
        return data

    def consent(self) -> ConsentInput | None:
        data = self.cleaned_data
        if not data.get("consent_file"):
            return None
        return ConsentInput(
            parent_name=data["parent_name"], given_on=data["consent_date"], form_file=data["consent_file"]
        )


class PlaceForm(forms.Form):
    """Put a student in a team or take them out."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()


class ParentMeetingForm(forms.Form):
    """A parent information meeting."""

    school = forms.ModelChoiceField(label=_("School"), queryset=OrgNode.objects.none())
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    held_on = date_field(_("Date"))
    place = forms.CharField(label=_("Place"), max_length=160)
    parent_count = forms.IntegerField(label=_("Parents attending"), min_value=0, initial=0)
    summary = forms.CharField(label=_("What was explained"), required=False, widget=textarea())
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=textarea())

    def __init__(self, *args, schools=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else OrgNode.objects.none()
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()


class LetterEvaluationForm(forms.Form):
    """The province records that it evaluated a district's letter, with an optional note."""

    # no max_length here: the service refuses a long note with its length (one message, in one place)
    note = forms.CharField(label=_("Evaluation note (optional)"), required=False, widget=textarea())
