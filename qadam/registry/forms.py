"""Forms parse and show errors beside fields; services do the validation that matters."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from qadam.common.forms import DateInput, SeenValuesForm, positive_id
from qadam.registry.models import (
    Enterprise,
    Institution,
    Program,
    Student,
    bin_validator,
    iin_validator,
)

# Up to this many programs the select lists them all; beyond, the search fills it.
PROGRAM_CHOICES_SHOWN = 30


class ProgramSearchSelect(forms.Select):
    """The program select with a search box beside it: the select holds only the chosen
    program, and typing fetches the matching programs into it (htmx), since the ministry's
    choice is among 7,000 programs. The field's queryset still validates the choice. With
    few programs (an institution's own) the select lists them all."""

    template_name = "registry/widgets/program_search.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["search_url"] = reverse_lazy("registry:student_program_options")
        return context

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        iterator = self.choices
        if not isinstance(iterator, ModelChoiceIterator):
            return super().optgroups(name, value, attrs)
        programs = iterator.queryset.select_related("specialty", "institution")
        if programs.count() > PROGRAM_CHOICES_SHOWN:
            ids = [pk for pk in (positive_id(v) for v in value) if pk is not None]
            programs = programs.filter(pk__in=ids)
        self.choices = [("", iterator.field.empty_label or ""), *map(iterator.choice, programs)]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator


class StudentForm(SeenValuesForm, forms.ModelForm):
    class Meta:
        model = Student
        fields = [
            "iin",
            "last_name",
            "first_name",
            "middle_name",
            "region",
            "institution",
            "program",
            "year_of_study",
            "funding",
            "status",
            "enrolled_on",
            "expected_graduation_on",
            "grade_average",
            "rural",
            "disability",
        ]
        widgets = {
            "enrolled_on": DateInput(),
            "expected_graduation_on": DateInput(),
            "program": ProgramSearchSelect(),
        }

    def __init__(
        self, *args: Any, institutions: QuerySet[Institution] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        program = cast(forms.ModelChoiceField, self.fields["program"])
        program.queryset = Program.objects.none()
        if institutions is not None:
            cast(forms.ModelChoiceField, self.fields["institution"]).queryset = institutions
            program.queryset = Program.objects.filter(institution__in=institutions)

    def clean_iin(self) -> str:
        # Checked here too, so a bad IIN is named even while other fields are missing.
        iin = self.cleaned_data["iin"]
        iin_validator(iin)
        return str(iin)

    def _post_clean(self) -> None:
        # The service validates the whole record and derives birth date and sex from the IIN.
        pass


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "bin", "sector", "size", "region"]

    def clean_bin(self) -> str:
        value = self.cleaned_data["bin"]
        bin_validator(value)
        return str(value)

    def _post_clean(self) -> None:
        pass


class ProgramForm(SeenValuesForm, forms.ModelForm):
    class Meta:
        model = Program
        fields = ["language", "form", "duration_months", "capacity", "state_funded_seats"]
        help_texts = {"capacity": _("First-year seats; zero or more.")}

    def _post_clean(self) -> None:
        pass
