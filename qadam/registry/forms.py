"""Forms parse and show errors beside fields; services do the validation that matters."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qadam.common.forms import DateInput, SeenValuesForm
from qadam.registry.models import (
    Enterprise,
    Institution,
    Program,
    Student,
    bin_validator,
    iin_validator,
)


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
        ]
        widgets = {
            "enrolled_on": DateInput(),
            "expected_graduation_on": DateInput(),
        }

    def __init__(
        self, *args: Any, institutions: QuerySet[Institution] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        program = cast(forms.ModelChoiceField, self.fields["program"])
        program.queryset = Program.objects.none()
        if institutions is not None:
            cast(forms.ModelChoiceField, self.fields["institution"]).queryset = institutions
            program.queryset = Program.objects.filter(institution__in=institutions).select_related(
                "specialty"
            )

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
