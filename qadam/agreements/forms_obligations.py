"""Forms of the obligation pages: they parse input and show errors beside fields; the
services do the validation that matters (so `_post_clean` skips the model's)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.common.audit import MAX_TEXT
from qadam.common.forms import DateInput, SeenValuesForm
from qadam.registry.models import Institution


class PartyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_role_display()})"


class ObligationForm(SeenValuesForm, forms.ModelForm):
    """What a party promises; the party and the beneficiary are the agreement's own. The
    target is only parsed here: its cents, units and range are the rules' (as in the API and
    the import)."""

    target = forms.DecimalField(
        label=_("target"),
        help_text=_(
            "Places, mentors, seats or jobs in whole numbers; equipment and funding in tenge."
        ),
    )

    class Meta:
        model = Obligation
        fields = ("kind", "party", "beneficiary", "target", "due_on", "description", "items")
        field_classes = {"party": PartyField}
        widgets = {
            "due_on": DateInput(),
            "items": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
        }
        help_texts = {
            "party": _("Leave empty when the parties promise jointly."),
            "items": _("For equipment: what is promised."),
        }

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party = cast(forms.ModelChoiceField, self.fields["party"])
        party.queryset = Party.objects.filter(agreement=agreement).select_related(
            "institution", "enterprise"
        )
        party.empty_label = _("— the parties jointly —")
        beneficiary = cast(forms.ModelChoiceField, self.fields["beneficiary"])
        beneficiary.queryset = Institution.objects.filter(
            agreement_parties__agreement=agreement
        ).distinct()

    def _post_clean(self) -> None:
        pass


class DeliveryForm(forms.ModelForm):
    """Something delivered: how much, when, what, and the evidence (the quantity judged by
    the rules, as the target is)."""

    quantity = forms.DecimalField(label=_("quantity"))

    class Meta:
        model = Delivery
        fields = ("quantity", "delivered_on", "description", "evidence", "evidence_file")
        widgets = {
            "delivered_on": DateInput(),
            "evidence_file": forms.ClearableFileInput(
                attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
            ),
        }
        help_texts = {
            "evidence": _("An order, act or invoice number, for example."),
            "evidence_file": _("A PDF, JPEG or PNG of at most 10 MB."),
        }

    def _post_clean(self) -> None:
        pass
