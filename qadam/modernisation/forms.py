"""Forms of the modernisation pages: they parse input and show errors beside fields; the
services judge it (rules.py), so `_post_clean` skips the model's own checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qadam.common.forms import DateInput
from qadam.modernisation.models import EquipmentLine, Milestone

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
