"""Form widgets shared by every app."""

from django import forms
from django.core.files.uploadedfile import UploadedFile


class DateInput(forms.DateInput):
    """A browser date picker: its value is always ISO (2026-12-07), whatever the language's date format.

    Browsers ignore a `type="date"` value that is not ISO, so a localized initial value (07.12.2026)
    would leave the field empty and make the first submit fail.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class KeptFileInput(forms.ClearableFileInput):
    """A file input that keeps its file when the form comes back with errors: nothing to attach twice.

    When the form is shown again, the file sent with it is put aside (`izlem.core.kept_files`)
    and the page carries a signed token instead; sent back without a new file, the token gives the same
    file to the form, which checks it again like any upload. A new file replaces the kept one.
    """

    template_name = "core/widgets/kept_file.html"
    KEPT_SUFFIX = "__kept"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload is None:
            from izlem.core.kept_files import kept_upload

            return kept_upload(data.get(name + self.KEPT_SUFFIX, ""))
        return upload

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and name + self.KEPT_SUFFIX not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["kept_name"] = name + self.KEPT_SUFFIX
        if isinstance(value, UploadedFile):  # only a form shown again holds an upload here
            from izlem.core.kept_files import keep_upload

            context["widget"]["kept"] = {"name": value.name, "token": keep_upload(value)}
        return context


class KeptFileField(forms.FileField):
    """A file field whose upload is shown again (kept, see `KeptFileInput`) when its form has errors.

    Django never re-renders a file input's data (`FileField.bound_data` gives the initial value); this
    field gives the widget the upload, so the widget can keep it aside.
    """

    widget = KeptFileInput

    def bound_data(self, data, initial):
        return data if isinstance(data, UploadedFile) else initial


class FollowingSelectMultiple(forms.SelectMultiple):
    """A multiple choice of org units that shows only those under the unit chosen in another field.

    `follows` is that field's element id (`id_node`); each option carries its parent's id, and
    static/izlem/select-filter.js hides the others. The server still checks every choice.
    """

    def __init__(self, attrs=None, *, follows: str):
        super().__init__({"data-follows": follows, **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and getattr(instance, "parent_id", None):
            option["attrs"]["data-parent"] = str(instance.parent_id)
        return option
