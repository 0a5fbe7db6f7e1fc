"""Forms of the modernisation pages: they parse input and show errors beside fields; the
services judge it (rules.py), so `_post_clean` skips the model's own checks."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from qadam.agreements.models import Agreement, Obligation
from qadam.common.forms import DateInput, SearchSelect
from qadam.modernisation.choices import FundingSource, InvestmentStatus, ProjectStatus
from qadam.modernisation.models import EquipmentLine, Facility, Investment, Milestone, Project
from qadam.registry.models import Enterprise, Institution

INSTITUTION_SEARCH = "agreements:institution_options"  # institutions the user may read

EVIDENCE_WIDGET = forms.ClearableFileInput(
    attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
)
EVIDENCE_HELP = {
    "evidence": _("An order, act or invoice number, for example."),
    "evidence_file": _("A PDF, JPEG or PNG of at most 10 MB."),
}


class LineDeliveryForm(forms.ModelForm):
    """A line's arrival: when, and the evidence."""

    class Meta:
        model = EquipmentLine
        fields = ("delivered_on", "evidence", "evidence_file")
        widgets = {"delivered_on": DateInput(), "evidence_file": EVIDENCE_WIDGET}
        help_texts = EVIDENCE_HELP

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["delivered_on"].required = True

    def _post_clean(self) -> None:
        pass


class MilestoneDoneForm(forms.ModelForm):
    """A milestone reached: when, and the evidence."""

    class Meta:
        model = Milestone
        fields = ("done_on", "evidence", "evidence_file")
        widgets = {"done_on": DateInput(), "evidence_file": EVIDENCE_WIDGET}
        help_texts = EVIDENCE_HELP

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["done_on"].required = True

    def _post_clean(self) -> None:
        pass


# --------------------------------------------------------------------------- planning

# 18,000 enterprises are too many for a list: the ministry and colleges know the BIN
BIN_WIDGET = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12})
NO_BIN = {"invalid_choice": _("No enterprise has this BIN.")}


class ProjectForm(forms.Form):
    """A college enters the programme."""

    college = forms.ModelChoiceField(
        label=_("college"),
        queryset=Institution.objects.filter(kind="college", modernisation__isnull=True),
        widget=SearchSelect(search_url=INSTITUTION_SEARCH),
    )
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("ends on"), widget=DateInput())
    status = forms.ChoiceField(label=_("status"), choices=ProjectStatus.choices)


class InvestmentForm(forms.Form):
    """A PPP investment in a college's or university's material base."""

    investor = forms.ModelChoiceField(
        label=_("investor's BIN"),
        queryset=Enterprise.objects.all(),
        to_field_name="bin",
        widget=BIN_WIDGET,
        error_messages=NO_BIN,
    )
    institution = forms.ModelChoiceField(
        label=_("institution"),
        queryset=Institution.objects.exclude(kind="school"),
        widget=SearchSelect(search_url=INSTITUTION_SEARCH),
    )
    agreement = forms.ModelChoiceField(
        label=_("agreement number"),
        queryset=Agreement.objects.all(),
        to_field_name="number",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 40}),
        error_messages={"invalid_choice": _("No agreement has this number.")},
        help_text=_("The public-private investment agreement it is made under, if any."),
    )
    amount = forms.DecimalField(label=_("amount, tenge"))
    purpose = forms.CharField(label=_("purpose"), max_length=255)
    year = forms.IntegerField(label=_("year"), min_value=1991, max_value=2100)
    status = forms.ChoiceField(label=_("status"), choices=InvestmentStatus.choices)


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = ("kind", "name", "name_kk", "name_en")
        labels = {"name": _("name (Russian)")}

    def _post_clean(self) -> None:
        pass


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ("title", "title_kk", "title_en", "due_on")
        labels = {"title": _("title (Russian)")}
        widgets = {"due_on": DateInput()}

    def _post_clean(self) -> None:
        pass


class LineForm(forms.Form):
    """An equipment line; a patron's may draw on its equipment obligation to the college, a
    PPP investor's on its investment here (the one that pays is then known)."""

    item = forms.CharField(label=_("item (Russian)"), max_length=200)
    item_kk = forms.CharField(label=_("item (Kazakh)"), max_length=200, required=False)
    item_en = forms.CharField(label=_("item (English)"), max_length=200, required=False)
    facility = forms.ModelChoiceField(
        label=_("workshop or laboratory"), queryset=Facility.objects.none(), required=False
    )
    quantity = forms.IntegerField(label=_("quantity"))
    unit_cost = forms.DecimalField(label=_("unit cost, tenge"))
    source = forms.ChoiceField(label=_("funding source"), choices=FundingSource.choices)
    obligation = forms.ModelChoiceField(
        label=_("patron's equipment obligation"), queryset=Obligation.objects.none(), required=False
    )
    investment = forms.ModelChoiceField(
        label=_("PPP investment"), queryset=Investment.objects.none(), required=False
    )
    investor = forms.ModelChoiceField(
        label=_("patron's or investor's BIN"),
        queryset=Enterprise.objects.all(),
        to_field_name="bin",
        required=False,
        widget=BIN_WIDGET,
        error_messages=NO_BIN,
        help_text=_("Only when no obligation or investment names who pays."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["facility"]).queryset = project.facilities.all()
        cast(forms.ModelChoiceField, self.fields["obligation"]).queryset = (
            Obligation.objects.filter(beneficiary_id=project.college_id, kind="equipment")
            .select_related("agreement")
            .order_by("id")
        )
        cast(forms.ModelChoiceField, self.fields["investment"]).queryset = (
            Investment.objects.filter(institution_id=project.college_id)
            .select_related("investor")
            .order_by("id")
        )
