"""Forms of the megaproject and staffing-plan pages: they parse input and show errors beside
fields; the services validate with planning's rules (the NPP template's ranges are
`rules.NPP_BOUNDS`, shown to the browser as each input's min and max).
"""

import re
from dataclasses import fields
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qadam.common.audit import MAX_TEXT
from qadam.planning import npp_template
from qadam.planning.rules import NPP_BOUNDS
from qadam.registry.models import Enterprise, Region

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PLAN_NAME_LENGTH = 200  # StaffingPlan.name

# the label of each NppParameters field, in every language
PARAMETER_LABELS = {
    "units": _("reactor units"),
    "unit_mwe": _("electrical capacity of a unit, MWe"),
    "start_year": _("first year of site preparation"),
    "construction_years": _("years of construction per unit"),
    "unit_stagger_years": _("years between the units' starts"),
    "peak_workers": _("workers at the peak of construction"),
    "peak_mid_level": _("mid-level specialists at the peak of construction"),
    "peak_higher": _("specialists with higher education at the peak of construction"),
    "operating_staff_per_1000_mwe": _("operating staff per 1,000 MWe"),
    "operating_staff_lead_years": _("years operating staff are hired before operation"),
    "operation_share_workers": _("workers' share of the operating staff"),
    "operation_share_mid_level": _("mid-level specialists' share of the operating staff"),
    "operation_share_higher": _("higher education's share of the operating staff"),
    "construction_workers": _("construction: workers by specialty"),
    "construction_mid_level": _("construction: mid-level specialists by specialty"),
    "construction_higher": _("construction: higher education by ISCO-08 occupation"),
    "operation_workers": _("operation: workers by specialty"),
    "operation_mid_level": _("operation: mid-level specialists by specialty"),
    "operation_higher": _("operation: higher education by ISCO-08 occupation"),
}
ASSUMPTION = "Qadam's assumption"
# a template message begins with the parameter it is about: "units=0: ...", "peak_higher: ..."
PARAMETER_IN_MESSAGE = re.compile(r"^([a-z][a-z0-9_]*)\b")


def is_mix(default: object) -> bool:
    """The occupation mixes (tuples of code and share) are shown, not edited."""
    return isinstance(default, tuple)


def source_parts(source: str) -> tuple[bool, str]:
    """Whether a default is Qadam's assumption, and its source without that prefix (the page
    shows the words as a translated badge)."""
    if not source.startswith(ASSUMPTION):
        return False, source
    return True, source.removeprefix(ASSUMPTION).lstrip(":; ")


PLAN_NAMES = ("name", "name_kk", "name_en")


class MegaprojectForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=20, help_text=_("For example: NPP-1"))
    name = forms.CharField(label=_("name (Russian)"), max_length=200)
    name_kk = forms.CharField(label=_("name (Kazakh)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.none())
    enterprise = forms.ModelChoiceField(
        label=_("operator's BIN"),
        queryset=Enterprise.objects.none(),
        to_field_name="bin",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        help_text=_("12 digits. The operator's HR declares the megaproject's staffing plans."),
        error_messages={"invalid_choice": _("No enterprise in the registry has this BIN.")},
    )
    description = forms.CharField(
        label=_("description"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        regions: QuerySet[Region],
        enterprises: QuerySet[Enterprise],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]


class TemplateForm(forms.Form):
    """The plan's name and every scalar NppParameters field, initially its default."""

    name = forms.CharField(
        label=_("name of the plan (Russian)"),
        max_length=PLAN_NAME_LENGTH,
        initial=_("NPP staffing template"),
    )
    name_kk = forms.CharField(
        label=_("name of the plan (Kazakh)"), max_length=PLAN_NAME_LENGTH, required=False
    )
    name_en = forms.CharField(
        label=_("name of the plan (English)"), max_length=PLAN_NAME_LENGTH, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = {field.name: field.type for field in fields(npp_template.NppParameters)}
        for name, default, _source in npp_template.parameter_fields():
            if is_mix(default):
                continue
            whole = types[name] is int
            field_class = forms.IntegerField if whole else forms.FloatField
            bound = NPP_BOUNDS[name]
            self.fields[name] = field_class(
                label=PARAMETER_LABELS[name],
                initial=default,
                widget=forms.NumberInput(
                    attrs={"step": "1" if whole else "any", "min": bound.low, "max": bound.high}
                ),
            )

    def parameters(self) -> npp_template.NppParameters:
        """The template's parameters: the values entered, the mixes at their defaults."""
        values = {k: v for k, v in self.cleaned_data.items() if k in PARAMETER_LABELS}
        return npp_template.NppParameters(**values)

    def name_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PLAN_NAMES]

    def names(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in PLAN_NAMES}

    def add_template_error(self, message: str) -> None:
        """Put the template's message beside the parameter it names, else above the form."""
        match = PARAMETER_IN_MESSAGE.match(message)
        field = match.group(1) if match else None
        if field in self.fields and field not in PLAN_NAMES:
            self.add_error(field, message)
            self.add_error(None, _("The template cannot be built from these values."))
        else:
            self.add_error(None, message)


class PlanImportForm(forms.Form):
    name = forms.CharField(
        label=_("name of the plan (Russian)"),
        max_length=PLAN_NAME_LENGTH,
    )
    name_kk = forms.CharField(
        label=_("name of the plan (Kazakh)"), max_length=PLAN_NAME_LENGTH, required=False
    )
    name_en = forms.CharField(
        label=_("name of the plan (English)"), max_length=PLAN_NAME_LENGTH, required=False
    )
    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_("An Excel or LibreOffice workbook (.xlsx) of at most 10 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        return upload
