"""The ministry's form for a published target (with its source)."""

from django import forms

from qadam.common.forms import DateInput, SeenValuesForm
from qadam.dashboard.models import KpiTarget


class KpiTargetForm(SeenValuesForm, forms.ModelForm):
    source_url = forms.URLField(required=False, assume_scheme="https", max_length=500)

    class Meta:
        model = KpiTarget
        fields = ("value", "source", "source_kk", "source_en", "source_url", "source_date")
        widgets = {
            "source_date": DateInput(),
            "source": forms.Textarea(attrs={"rows": 3}),
            "source_kk": forms.Textarea(attrs={"rows": 3}),
            "source_en": forms.Textarea(attrs={"rows": 3}),
        }
