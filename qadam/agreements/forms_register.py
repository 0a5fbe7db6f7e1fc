"""Forms of the register's pages: they parse input and show errors beside fields; the
services validate what matters (numbers, dates, parties, the lifecycle, PDF files)."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qadam.agreements.choices import AgreementKind, AgreementStatus, PartyKind, PartyRole
from qadam.agreements.services import PartyData
from qadam.common.audit import MAX_TEXT
from qadam.common.forms import DateInput, SearchSelect, SeenValuesForm
from qadam.registry.models import Enterprise, Institution

BLANK: list[tuple[str, Any]] = [("", "—")]


# the institution selects search among the 900 institutions instead of listing them all
INSTITUTION_SEARCH = "agreements:institution_options"


class AgreementForm(SeenValuesForm, forms.Form):
    """An agreement's facts; editing, it carries the values the user saw (SeenValuesForm),
    so only what the user changed is sent and an active agreement's fixed facts are not."""

    number = forms.CharField(label=_("number"), max_length=40)
    kind = forms.ChoiceField(label=_("kind"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("title"), max_length=255)
    signed_on = forms.DateField(label=_("signed on"), required=False, widget=DateInput())
    starts_on = forms.DateField(label=_("starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("ends on"), required=False, widget=DateInput())
    description = forms.CharField(
        label=_("description"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PartyForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of party"), choices=BLANK + PartyKind.choices)
    role = forms.ChoiceField(label=_("role"), choices=BLANK + PartyRole.choices)
    institution = forms.ModelChoiceField(
        label=_("institution"),
        queryset=Institution.objects.none(),
        required=False,
        widget=SearchSelect(search_url=INSTITUTION_SEARCH),
    )
    # 18,000 enterprises are too many for a list: HR and the ministry know the BIN
    enterprise = forms.ModelChoiceField(
        label=_("enterprise BIN"),
        queryset=Enterprise.objects.all(),
        to_field_name="bin",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        error_messages={"invalid_choice": _("No enterprise has this BIN.")},
    )
    name = forms.CharField(
        label=_("name"),
        max_length=255,
        required=False,
        help_text=_("For a ministry or a foreign institution outside the registry."),
    )
    country = forms.CharField(
        label=_("country"),
        max_length=2,
        required=False,
        help_text=_("Two letters, such as KZ or RU; by default the institution's country."),
    )

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["institution"]).queryset = institutions

    def party_data(self) -> PartyData:
        data = self.cleaned_data
        return PartyData(
            kind=data["kind"],
            role=data["role"],
            institution_id=data["institution"].pk if data["institution"] else None,
            enterprise_id=data["enterprise"].pk if data["enterprise"] else None,
            name=data["name"],
            country=data["country"],
        )


class BasePartyFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        self.institutions = institutions
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"institutions": self.institutions}

    def party_data(self) -> list[PartyData]:
        """The filled-in rows; blank extra rows (never cleaned) are left out."""
        return [form.party_data() for form in self.forms if form.cleaned_data]


PartyFormSet = cast(
    type[BasePartyFormSet],
    forms.formset_factory(
        PartyForm, formset=BasePartyFormSet, extra=3, max_num=20, absolute_max=20
    ),
)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("new status"), choices=AgreementStatus.choices)
    reason = forms.CharField(label=_("reason for termination"), max_length=255, required=False)
    on = forms.DateField(label=_("date"), required=False, widget=DateInput())


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("title"),
        max_length=200,
        required=False,
        help_text=_("By default the file's name."),
    )
    file = forms.FileField(
        label=_("file"),
        help_text=_("A PDF of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
