"""Forms of the mobility pages: they parse input and show errors beside fields; the
service does the validation that matters (so `_post_clean` skips the model's)."""

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qadam.agreements.forms_register import INSTITUTION_SEARCH
from qadam.agreements.models import Agreement, Mobility
from qadam.common.forms import DateInput, SearchSelect, SeenValuesForm
from qadam.registry.models import Educator, Institution, Student

COUNTRY = forms.TextInput(attrs={"maxlength": 2, "size": 3, "style": "text-transform:uppercase"})
MOBILITY_FORM_FIELDS = [
    "person_kind",
    "direction",
    "full_name",
    "iin",
    "home_institution",
    "home_country",
    "host_institution",
    "host_country",
    "program",
    "starts_on",
    "ends_on",
    "funding",
    "scholarship",
]


class _ByNaturalKey(forms.ModelChoiceField):
    """A record picked by typing its natural key (an IIN, an agreement's number), so the
    page needs no list of thousands of options."""

    def __init__(self, *, to_field_name: str, **kwargs: Any) -> None:
        super().__init__(
            queryset=None,
            to_field_name=to_field_name,
            required=False,
            widget=forms.TextInput(),
            **kwargs,
        )


class MobilityForm(SeenValuesForm, forms.ModelForm):
    student = _ByNaturalKey(
        to_field_name="iin",
        label=_("student in the registry (IIN)"),
        help_text=_("Links the record to the registry; leave empty for someone not in it."),
        error_messages={"invalid_choice": _("No student with this IIN in your registry.")},
    )
    educator = _ByNaturalKey(
        to_field_name="iin",
        label=_("educator in the registry (IIN)"),
        help_text=_("Links the record to the registry; leave empty for someone not in it."),
        error_messages={"invalid_choice": _("No educator with this IIN in your registry.")},
    )
    agreement = _ByNaturalKey(
        to_field_name="number",
        label=_("agreement number"),
        error_messages={"invalid_choice": _("No agreement with this number.")},
    )

    class Meta:
        model = Mobility
        fields = MOBILITY_FORM_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "home_country": COUNTRY,
            "host_country": COUNTRY,
            "home_institution": SearchSelect(search_url=INSTITUTION_SEARCH),
            "host_institution": SearchSelect(search_url=INSTITUTION_SEARCH),
        }
        help_texts = {
            "iin": _("Optional; 12 digits with a valid check digit."),
            "home_country": _("Two-letter ISO code: KZ, RU, CN…"),
            "host_country": _("Two-letter ISO code: KZ, RU, CN…"),
        }

    def __init__(
        self,
        *args: Any,
        institutions: QuerySet[Institution],
        students: QuerySet[Student],
        educators: QuerySet[Educator],
        agreements: QuerySet[Agreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        querysets: dict[str, QuerySet[Any]] = {
            "home_institution": institutions,
            "host_institution": institutions,
            "student": students,
            "educator": educators,
            "agreement": agreements,
        }
        instance = self.instance
        for name, queryset in querysets.items():
            current = getattr(instance, f"{name}_id", None)
            if current is not None:
                # a link made by someone who sees more (the ministry) survives an edit
                queryset = queryset.model.objects.filter(
                    Q(pk__in=queryset.values("pk")) | Q(pk=current)
                )
            cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset
        if instance.pk and not self.is_bound:
            # shown by their natural keys, not their ids
            self.initial["student"] = instance.student.iin if instance.student else ""
            self.initial["educator"] = instance.educator.iin if instance.educator else ""
            self.initial["agreement"] = instance.agreement.number if instance.agreement else ""
        self.order_fields([*MOBILITY_FORM_FIELDS[:4], "student", "educator"])

    def _post_clean(self) -> None:
        pass


class MobilityReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("returned on"), widget=DateInput())
