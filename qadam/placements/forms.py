"""Forms of the placement pages: they parse input and show errors beside fields; the
services do the validation that matters (so `_post_clean` skips the model's), with the
rules' ranges and messages, which the forms do not restate."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qadam.common.audit import MAX_TEXT
from qadam.common.forms import MAX_ID, DateInput, IdsChoiceField, SearchSelect, SeenValuesForm
from qadam.common.rules import Bound
from qadam.placements import choices
from qadam.placements.choices import QuotaApplicants
from qadam.placements.models import MAX_CHOICES, OFFER_EDITABLE_FIELDS, Offer, TrainingContract
from qadam.placements.rules import APPEAL_BOUNDS, OFFER_BOUNDS, QUOTA_BOUNDS, ROUND_BOUNDS
from qadam.registry.models import Enterprise, Institution, Region

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def bounded(form: forms.BaseForm, bounds: Mapping[str, Bound]) -> None:
    """The browser's number inputs show the rules' ranges, but the form leaves the check to
    the service: its message (the rules') is the one the API gives too."""
    for name, bound in bounds.items():
        field = form.fields.get(name)
        if field is None:
            continue
        field.validators = [
            v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
        ]
        field.widget.attrs.update(min=bound.low, max=bound.high)


class RoundForm(forms.Form):
    name = forms.CharField(label=_("name (Russian)"), max_length=200)
    name_kk = forms.CharField(label=_("name (Kazakh)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    term = forms.CharField(label=_("term"), max_length=60, help_text=_("For example: Spring 2027"))
    institution = forms.ModelChoiceField(
        label=_("institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("— national round —"),
        widget=SearchSelect(search_url="placements:round_institution_options"),
    )
    max_choices = forms.IntegerField(label=_("offers a student may rank"), initial=MAX_CHOICES)

    def __init__(
        self, *args: Any, institutions: QuerySet[Institution], national: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        bounded(self, ROUND_BOUNDS)
        field = cast(forms.ModelChoiceField, self.fields["institution"])
        field.queryset = institutions
        if not national:
            # an institution's administrator runs rounds of their own institution only
            field.required = True
            field.empty_label = None


class SpecialtiesField(IdsChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class OfferForm(SeenValuesForm, forms.ModelForm):
    """A new offer, or an offer being edited: then it carries the values the user saw, and
    the view sends only what they changed."""

    enterprise = forms.ModelChoiceField(label=_("enterprise"), queryset=Enterprise.objects.none())

    targeted_fields = ("position", "salary_min", "salary_max", "work_years")
    weight_fields = ("weight_grades", "weight_fit", "weight_distance", "weight_test")

    class Meta:
        model = Offer
        fields = OFFER_EDITABLE_FIELDS
        field_classes = {"specialties": SpecialtiesField}
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "specialties": forms.SelectMultiple(attrs={"size": 10}),
            "mentors": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
        }
        help_texts = {
            "specialties": _("Students of these specialties may apply. Hold Ctrl to pick several.")
        }

    def __init__(
        self, *args: Any, enterprises: QuerySet[Enterprise] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if enterprises is None:
            del self.fields["enterprise"]  # enterprise HR offers for their own enterprise
        else:
            cast(forms.ModelChoiceField, self.fields["enterprise"]).queryset = enterprises
            self.order_fields(["enterprise"])
        for name in self.weight_fields:
            self.fields[name].required = False
        bounded(self, OFFER_BOUNDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.weight_fields:
            if data.get(name) is None:
                data[name] = 0
        return data

    def _post_clean(self) -> None:
        pass


class AssessmentUploadForm(forms.Form):
    column = forms.ChoiceField(
        label=_("the file holds"),
        choices=[
            ("test_score", _("test scores (column test_score, 0-100)")),
            ("enterprise_rank", _("our ranking (column enterprise_rank, 1 = best)")),
        ],
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with a header row: applicant_number and the column above."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None


class RankingChangeForm(forms.Form):
    offer = forms.IntegerField(min_value=1, max_value=MAX_ID)
    steps = forms.IntegerField(min_value=-1, max_value=1, required=False)  # up is -1


class DeclineForm(forms.Form):
    # required by the service, which says why it needs one
    reason = forms.CharField(label=_("reason"), max_length=255, required=False)


class ContractAdvanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("new status"),
        choices=[
            (TrainingContract.Status.EMPLOYED, TrainingContract.Status.EMPLOYED.label),
            (TrainingContract.Status.COMPLETED, TrainingContract.Status.COMPLETED.label),
            (TrainingContract.Status.TERMINATED, TrainingContract.Status.TERMINATED.label),
        ],
    )
    on = forms.DateField(label=_("on"), widget=DateInput())
    reason = forms.CharField(
        label=_("reason"),
        max_length=255,
        required=False,
        help_text=_("Needed when the contract is terminated."),
    )


class AppealForm(forms.Form):
    """A student's appeal; the service checks the window, the offer and the rank."""

    ground = forms.ChoiceField(label=_("ground"), choices=choices.AppealGround.choices)
    offer = forms.IntegerField(
        label=_("offer number"), min_value=1, max_value=MAX_ID, help_text=_("As in «#123».")
    )
    rank = forms.IntegerField(
        label=_("the rank you would have given it"),
        required=False,
        min_value=1,
        max_value=MAX_CHOICES,
        help_text=_("Only for a wrong eligibility decision."),
    )
    statement = forms.CharField(
        label=_("what is wrong, and why"), max_length=2000, required=False, widget=forms.Textarea
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("uphold", _("uphold")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)
    corrected_score = forms.FloatField(
        label=_("corrected score"),
        required=False,
        help_text=_("Upholding an appeal against a score: the score the offer should give."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bounded(self, {"corrected_score": APPEAL_BOUNDS["corrected_score"]})


class QuotaForm(forms.Form):
    """A quota the ministry sets (the service checks it with the rules)."""

    applicants = forms.ChoiceField(label=_("applicants"), choices=QuotaApplicants.choices)
    home_region = forms.ModelChoiceField(
        label=_("applicants' home region"),
        queryset=Region.objects.order_by("kato"),
        required=False,
        help_text=_("Only for applicants from a region."),
    )
    offer_region = forms.ModelChoiceField(
        label=_("offers in region"),
        queryset=Region.objects.order_by("kato"),
        required=False,
        empty_label=_("— every offer of the round —"),
    )
    min_seats = forms.IntegerField(label=_("at least"), required=False)
    max_seats = forms.IntegerField(label=_("at most"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bounded(self, QUOTA_BOUNDS)
