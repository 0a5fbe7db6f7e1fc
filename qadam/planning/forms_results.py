"""Forms of the results pages: the choice of two runs to compare (the seat table's filters are
planning.filters.SeatFilters)."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from qadam.common.forms import positive_id
from qadam.common.localized import localized
from qadam.planning.models import AllocationRun


class RunChoiceField(forms.ModelChoiceField):
    """A finished run by id; ids the database cannot hold are invalid, not a 500."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if positive_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj: Any) -> str:
        finished = date_format(obj.finished_at, "SHORT_DATE_FORMAT") if obj.finished_at else ""
        return f"{localized(obj.scenario)} · #{obj.pk} · {finished}"


class CompareForm(forms.Form):
    a = RunChoiceField(label=_("first run"), queryset=AllocationRun.objects.none())
    b = RunChoiceField(label=_("second run"), queryset=AllocationRun.objects.none())

    def __init__(self, *args: Any, runs: QuerySet[AllocationRun], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = runs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("a") and data.get("a") == data.get("b"):
            raise ValidationError(_("Choose two different runs."))
        return data
