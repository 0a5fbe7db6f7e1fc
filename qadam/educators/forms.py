"""Forms parse and show errors beside fields; the services (registry's for the record, this
app's for upskilling) judge the data with the rules."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qadam.agreements.models import Obligation
from qadam.common.forms import DateInput, SearchSelect, SeenValuesForm
from qadam.educators.models import Upskilling
from qadam.registry.choices import Language
from qadam.registry.models import Educator, Enterprise, Institution, Specialty, iin_validator


class EducatorForm(SeenValuesForm, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages of instruction"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Educator
        fields = [
            "iin",
            "last_name",
            "first_name",
            "middle_name",
            "institution",
            "position",
            "category",
            "education",
            "subjects",
            "specialties",
            "years_in_industry",
            "languages",
            "is_foreign_manager",
        ]
        widgets = {
            "institution": SearchSelect(search_url="educators:institution_options"),
            "specialties": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("languages", [c for c in instance.languages.split(",") if c])
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["institution"]).queryset = institutions
        specialties = cast(forms.ModelMultipleChoiceField, self.fields["specialties"])
        specialties.queryset = Specialty.objects.order_by("code")

    def clean_iin(self) -> str:
        iin = self.cleaned_data["iin"]
        iin_validator(iin)  # named here too, while other fields are missing
        return str(iin)

    def clean_languages(self) -> str:
        chosen = set(self.cleaned_data.get("languages") or [])
        return ",".join(code for code, _label in Language.choices if code in chosen)

    def _post_clean(self) -> None:
        pass  # the service judges the whole record and reads birth date and sex from the IIN


class UpskillingForm(forms.ModelForm):
    class Meta:
        model = Upskilling
        fields = [
            "kind",
            "title",
            "provider",
            "form",
            "enterprise",
            "obligation",
            "hours",
            "started_on",
            "completed_on",
            "certificate_number",
            "certificate_file",
        ]
        widgets = {
            "started_on": DateInput(),
            "completed_on": DateInput(),
            "enterprise": SearchSelect(search_url="educators:enterprise_options"),
        }

    def __init__(self, *args: Any, obligations: QuerySet[Obligation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        obligation = cast(forms.ModelChoiceField, self.fields["obligation"])
        obligation.queryset = obligations
        obligation.label_from_instance = _obligation_label  # type: ignore[method-assign,assignment]
        enterprise = cast(forms.ModelChoiceField, self.fields["enterprise"])
        enterprise.queryset = Enterprise.objects.all()

    def _post_clean(self) -> None:
        pass  # the service judges the record (and the file) with the rules

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("certificate_file", None)
        return data


def _obligation_label(obligation: Obligation) -> str:
    agreement = obligation.agreement
    return f"{agreement.number}: {obligation.get_kind_display()} · {agreement.title}"
