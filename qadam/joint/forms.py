"""Forms of the joint programme's pages: they parse input and show errors beside fields;
the services judge the records by the rules (so `_post_clean` skips the model's)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qadam.agreements.forms_register import INSTITUTION_SEARCH
from qadam.agreements.models import Agreement, Mobility
from qadam.common.forms import DateInput, SearchSelect, SeenValuesForm
from qadam.joint.choices import MemberStatus, ParticipantRole
from qadam.joint.models import Cohort, JointProgramme, Quota
from qadam.registry.models import Institution, Region, Specialty, Student


class _NoModelClean(forms.ModelForm):
    def _post_clean(self) -> None:
        pass


class ProgrammeForm(SeenValuesForm, _NoModelClean):
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.all(),
        to_field_name="number",
        required=False,
        widget=forms.TextInput(),
        label=_("agreement number"),
        error_messages={"invalid_choice": _("No agreement with this number.")},
    )

    class Meta:
        model = JointProgramme
        fields = [
            "code",
            "name",
            "name_kk",
            "name_en",
            "description",
            "status",
            "starts_on",
            "ends_on",
            "agreement",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args: Any, agreements: QuerySet[Agreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound and self.instance.agreement is not None:
            self.initial["agreement"] = self.instance.agreement.number


class ParticipantForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("institution"),
        queryset=Institution.objects.none(),
        widget=SearchSelect(search_url=INSTITUTION_SEARCH),
    )
    role = forms.ChoiceField(label=_("role"), choices=ParticipantRole.choices)

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class QuotaForm(_NoModelClean):
    class Meta:
        model = Quota
        fields = ["year", "region", "ru_region", "specialty", "seats"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name_ru")  # type: ignore[attr-defined]
        self.fields["specialty"].queryset = Specialty.objects.order_by("code")  # type: ignore[attr-defined]


class CohortForm(_NoModelClean):
    class Meta:
        model = Cohort
        fields = ["intake_year", "institution", "partner", "specialty", "region", "ru_region"]

    def __init__(
        self,
        *args: Any,
        participants: QuerySet[Institution],
        specialties: QuerySet[Specialty],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = participants  # type: ignore[attr-defined]
        self.fields["partner"].queryset = participants  # type: ignore[attr-defined]
        self.fields["region"].queryset = Region.objects.order_by("name_ru")  # type: ignore[attr-defined]
        # the specialties the programme has quotas for (the rule); all while it has none
        self.fields["specialty"].queryset = specialties.order_by("code")  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    student = forms.ModelChoiceField(
        queryset=Student.objects.none(),
        to_field_name="iin",
        widget=forms.TextInput(),
        label=_("student in the registry (IIN)"),
        error_messages={
            "invalid_choice": _("No student with this IIN at the cohort's institution.")
        },
    )
    joined_on = forms.DateField(label=_("joined on"), widget=DateInput())

    def __init__(self, *args: Any, students: QuerySet[Student], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students  # type: ignore[attr-defined]


class MobilityLinkForm(forms.Form):
    mobility = forms.ModelChoiceField(
        queryset=Mobility.objects.none(),
        widget=forms.NumberInput(),
        label=_("academic mobility record (number)"),
        error_messages={"invalid_choice": _("No mobility record with this number.")},
    )

    def __init__(self, *args: Any, records: QuerySet[Mobility], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mobility"].queryset = records  # type: ignore[attr-defined]


class MemberStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=MemberStatus.choices)
