"""Forms of the career-guidance pages: they parse input and show errors beside fields; the
services do the validation that matters (consent, the event's code, completeness, and the
ranges of rules.py, with the same message as the API)."""

import uuid
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qadam.common.forms import DateInput, positive_id
from qadam.guidance.models import SCALES, GuidanceEvent, Item
from qadam.guidance.rules import FIRST_EVENT_DAY, LAST_EVENT_DAY, SESSION_BOUNDS
from qadam.guidance.services import SKILLS, PupilDetails
from qadam.registry.models import Institution, Region

ITEMS_PER_SCREEN = 6
SKILL_LABELS = {
    "numbers": gettext_lazy("Working with numbers"),
    "tools": gettext_lazy("Working with tools and machines"),
    "people": gettext_lazy("Working with people"),
    "computers": gettext_lazy("Working with computers"),
}
CODE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9]{4,10}$", gettext_lazy("Letters and digits only, as printed.")
)

NumberedItem = tuple[int, Item]
DAYS = {"min": FIRST_EVENT_DAY.isoformat(), "max": LAST_EVENT_DAY.isoformat()}


def _normalised_code(value: str) -> str:
    return "".join(value.split()).replace("-", "").upper()


class CodeField(forms.CharField):
    """A join or resume code as typed: spaces and dashes dropped, upper case."""

    default_validators = [CODE_VALIDATOR]

    def to_python(self, value: Any) -> str:
        return _normalised_code(str(super().to_python(value)))


# --------------------------------------------------------------------------- consent


class ConsentForm(forms.Form):
    # made when the page is shown: a resent form carries the same id and starts one session
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the questions"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    age = forms.IntegerField(
        label=gettext_lazy("Your age"),
        # the range is the rules' (the service says it); here only the browser's hint
        widget=forms.NumberInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "min": SESSION_BOUNDS["age"].low,
                "max": SESSION_BOUNDS["age"].high,
            }
        ),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region where you live"),
        queryset=Region.objects.none(),
        empty_label=gettext_lazy("— choose —"),
    )
    school = forms.ModelChoiceField(
        label=gettext_lazy("Your school (optional)"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=gettext_lazy("— not saying —"),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that Qadam stores my answers with my age, region, school and language "
            "to show me my results."
        ),
        required=False,  # the service refuses to start without it and says why
    )
    share_with_counsellor = forms.BooleanField(
        label=gettext_lazy("My school's counsellor may see my results."),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        regions: QuerySet[Region],
        schools: QuerySet[Institution],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions
        cast(forms.ModelChoiceField, self.fields["school"]).queryset = schools
        # with JS, choosing a region swaps in that region's schools
        self.fields["region"].widget.attrs.update(
            {
                "hx-get": reverse("guidance:school_options"),
                "hx-target": "#school-field",
                "hx-swap": "outerHTML",
            }
        )
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())

    def details(self) -> PupilDetails:
        data = self.cleaned_data
        return PupilDetails(
            language=data["language"],
            age=data["age"],
            region_id=data["region"].pk,
            school_id=data["school"].pk if data["school"] else None,
            share_with_counsellor=data["share_with_counsellor"],
        )


def chosen_region(data: Any, default: int | None) -> int | None:
    """The region picked in a (maybe unbound) consent form, for its list of schools."""
    return positive_id(data.get("region")) if data is not None and data.get("region") else default


class JoinForm(forms.Form):
    code = CodeField(label=gettext_lazy("Event code"), max_length=12)


class ResumeForm(forms.Form):
    resume_code = CodeField(label=gettext_lazy("Your resume code"), max_length=14)


# --------------------------------------------------------------------------- the test


def screens(items: Sequence[Item], size: int = ITEMS_PER_SCREEN) -> list[list[NumberedItem]]:
    """The items in the order pupils see them, numbered from 1 and cut into screens.

    The item bank is stored blocked by scale (R1..R8, I1..I8, ...); scoring does not depend
    on the order, so the pupil sees the scales interleaved (R1, I1, A1, S1, E1, C1, R2, ...)
    and each screen touches every interest."""
    by_scale: dict[str, list[Item]] = {}
    for item in items:
        by_scale.setdefault(item.scale, []).append(item)
    letters = [s for s in SCALES if s in by_scale] + sorted(set(by_scale) - set(SCALES))
    depth = max((len(column) for column in by_scale.values()), default=0)
    ordered = [
        by_scale[letter][k] for k in range(depth) for letter in letters if k < len(by_scale[letter])
    ]
    numbered = list(enumerate(ordered, start=1))
    return [numbered[i : i + size] for i in range(0, len(numbered), size)]


def response_labels(metadata: dict[str, Any], language: str) -> list[tuple[str, str]]:
    """The answer choices ("1".."5") with the instrument's labels in `language`."""
    labels = metadata.get("response_scale", {}).get("labels", {})
    return [
        (value, str(labels[value].get(language) or labels[value].get("en") or value))
        for value in sorted(labels, key=int)
    ]


def answer_digit(answers: str, item: Item) -> int:
    """The stored answer to `item` (0 when unanswered)."""
    digit = answers[item.position : item.position + 1]
    return int(digit) if digit.isdigit() else 0


def first_open_screen(all_screens: list[list[NumberedItem]], answers: str) -> int:
    """Where a pupil left off: the first screen with an unanswered item (else the last)."""
    for index, screen in enumerate(all_screens, start=1):
        if any(answer_digit(answers, item) == 0 for _number, item in screen):
            return index
    return len(all_screens)


def unanswered_screens(all_screens: list[list[NumberedItem]], answers: str) -> list[dict]:
    """For an incomplete diagnostic: each screen with unanswered items and their numbers."""
    rows = []
    for index, screen in enumerate(all_screens, start=1):
        numbers = [number for number, item in screen if answer_digit(answers, item) == 0]
        if numbers:
            rows.append({"screen": index, "numbers": ", ".join(map(str, numbers))})
    return rows


class ScreenForm(forms.Form):
    """One screen of items (1..5 each), and on the last screen the optional skills.

    Next and Finish need every item of the screen answered; Back keeps what is answered."""

    def __init__(
        self,
        *args: Any,
        items: list[NumberedItem],
        labels: list[tuple[str, str]],
        answers: str,
        with_skills: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for number, item in items:
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=f"{number}. {item.text}",
                choices=labels,
                required=False,
                widget=forms.RadioSelect,
                initial=str(answer_digit(answers, item) or ""),
            )
        self.skill_names = SKILLS if with_skills else ()
        for name in self.skill_names:
            self.fields[f"skill_{name}"] = forms.ChoiceField(
                label=SKILL_LABELS.get(name, name),
                choices=[(str(v), str(v)) for v in range(1, 6)],
                required=False,
                widget=forms.RadioSelect,
            )

    @property
    def moving_back(self) -> bool:
        return self.data.get("move") == "back"

    @property
    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{item.code}"] for _number, item in self.items]

    @property
    def skill_fields(self) -> list[forms.BoundField]:
        return [self[f"skill_{name}"] for name in self.skill_names]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.moving_back:
            return data
        missing = [(n, item) for n, item in self.items if not data.get(f"item_{item.code}")]
        for _number, item in missing:
            self.add_error(f"item_{item.code}", _("Choose an answer."))
        if missing:
            numbers = ", ".join(str(n) for n, _item in missing)
            raise ValidationError(
                ngettext(
                    "Please answer question %(numbers)s.",
                    "Please answer questions %(numbers)s.",
                    len(missing),
                )
                % {"numbers": numbers}
            )
        return data

    def answers(self) -> dict[str, int]:
        values = {item.code: self.cleaned_data.get(f"item_{item.code}") for _n, item in self.items}
        return {code: int(value) for code, value in values.items() if value}

    def skills(self) -> dict[str, int]:
        values = {name: self.cleaned_data.get(f"skill_{name}") for name in self.skill_names}
        return {name: int(value) for name, value in values.items() if value}


# --------------------------------------------------------------------------- events, parents


class EventForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=GuidanceEvent.Kind.choices)
    # ISO dates in every language (a browser empties a date input holding "20.11.2026")
    starts_on = forms.DateField(label=gettext_lazy("starts on"), widget=DateInput(DAYS))
    ends_on = forms.DateField(label=gettext_lazy("ends on"), widget=DateInput(DAYS))
    region = forms.ModelChoiceField(
        label=gettext_lazy("region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=gettext_lazy("— several regions —"),
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions

    def event_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        region = data.pop("region")
        return {**data, "region_id": region.pk if region else None}


class ParentLinkForm(forms.Form):
    resume_code = CodeField(
        label=gettext_lazy("Your child's resume code"),
        max_length=14,
        help_text=gettext_lazy("The 8-character code your child sees on their results."),
    )
