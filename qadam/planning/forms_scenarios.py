"""Forms of the scenario pages, and how a scenario's inputs read on a page.

Each scenario field is shown with its default and where that default comes from
(defaults.DEFAULTS); shares are entered and shown as percentages. The forms only parse:
the services validate with rules.py (so `_post_clean` skips the model's) and their errors
go beside the field they name; the inputs' min and max attributes are the rules' ranges,
for the browser's own hint. Number inputs hold machine numbers ("0.7") in every language.
"""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Field, QuerySet
from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qadam.common.audit import MAX_TEXT
from qadam.common.forms import IdsChoiceField, SeenValuesForm, apply_service_errors
from qadam.common.localized import localized
from qadam.planning.defaults import DEFAULTS
from qadam.planning.models import Scenario, StaffingPlan
from qadam.planning.rules import ADJUSTMENT_BOUNDS, SCENARIO_BOUNDS, Share
from qadam.planning.services import SCENARIO_FIELDS
from qadam.registry.models import Region, Specialty

GROUPS = (
    (
        gettext_lazy("The scenario"),
        ("name", "name_kk", "name_en", "description", "base_year", "horizon_years"),
    ),
    (
        gettext_lazy("Seats and money"),
        (
            "total_seats",
            "seat_cost_per_year",
            "budget",
            "min_technical_share",
            "region_floor_share",
            "capacity_growth",
        ),
    ),
    (
        gettext_lazy("The pipeline"),
        (
            "progression_rate",
            "dropout_rate",
            "labour_market_share",
            "retention",
            "mobility",
            "returning_graduates",
        ),
    ),
    (
        gettext_lazy("Regional demand"),
        ("employment_thousands", "tvet_job_share", "replacement_rate", "growth_rate"),
    ),
    (gettext_lazy("What filling demand is worth"), ("job_value", "megaproject_priority")),
)
FIELDS = SCENARIO_FIELDS


def _field(name: str) -> Field[Any, Any]:
    return cast(Field[Any, Any], Scenario._meta.get_field(name))


def _label(name: str) -> str:
    return str(_field(name).verbose_name)


def _limits(name: str) -> tuple[float | None, float | None]:
    bound = SCENARIO_BOUNDS.get(name)
    return (None, None) if bound is None else (float(bound.low), float(bound.high))


# shares and rates are entered and shown in per cent
PERCENT_FIELDS = frozenset(name for name in FIELDS if isinstance(SCENARIO_BOUNDS.get(name), Share))
_GROUPED = {name for _title, names in GROUPS for name in names}
# a field added to the model later shows up too, until it is given a group
OTHERS = tuple(name for name in FIELDS if name not in _GROUPED)
# qadam.common.audit's words, with the value as this page shows it
CHANGED_MEANWHILE = gettext_lazy(
    "Someone else changed this while you were editing; it is now “%(value)s”. "
    "Check it and save again."
)
RUN_KEYS = {"horizon": "horizon_years"}  # a run's input snapshot names a few fields apart


def number(value: float) -> str:
    """A number in the page's language, grouped, whole when it is whole: 153 000, 2,5."""
    rounded = round(float(value), 4)
    shown: float | int = int(rounded) if rounded.is_integer() else rounded
    return str(number_format(shown, force_grouping=True))


def display(name: str, value: Any) -> str:
    """A scenario field's value as people read it: 70%, 153 000, 10.5."""
    if value is None or value == "":
        return "—"
    if name in PERCENT_FIELDS:
        return f"{number(float(value) * 100)}%"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return str(value)


def _groups() -> list[tuple[Any, tuple[str, ...]]]:
    fields = set(FIELDS)
    groups = [(title, tuple(n for n in names if n in fields)) for title, names in GROUPS]
    return groups + ([(_("Other inputs"), OTHERS)] if OTHERS else [])


def _without_range(field: forms.Field) -> None:
    """Leave the range to the rules (one message everywhere): drop the form's own check."""
    field.validators = [
        v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
    ]


def _browser_range(field: forms.Field, low: float | None, high: float | None) -> None:
    """The rules' range as the input's min and max, in machine numbers."""
    for attribute, limit in (("min", low), ("max", high)):
        if limit is not None:
            field.widget.attrs[attribute] = f"{limit:.12g}"


class PercentField(forms.FloatField):
    """A share entered in per cent (70) and cleaned as a fraction (0.7); the input always
    holds a machine number, so a browser in any language keeps it."""

    def __init__(self, *, low: float | None, high: float | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"step": "any", "inputmode": "decimal"})
        _browser_range(
            self,
            None if low is None else round(low * 100, 10),
            None if high is None else round(high * 100, 10),
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{round(value * 100, 10):.12g}"
        return value  # what the user typed, shown back unchanged

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        number = super().to_python(value)
        # rounded, so the value shown (17.5) reads back as the value stored (0.175)
        return None if number is None else round(number / 100, 12)


def default_notes(defaults: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Per field: its default as displayed, and its source or assumption."""
    notes = {name: (display(name, d.value), str(d.source)) for name, d in DEFAULTS.items()}
    notes["budget"] = (
        display("budget", defaults.get("budget")),
        _(
            "What last year's state-funded college seats cost over their whole programs, "
            "at the default cost of a seat."
        ),
    )
    return notes


class ScenarioForm(SeenValuesForm, forms.ModelForm):
    """Every input of a scenario, grouped, each with its default and source beside it.
    Editing a scenario, it carries the values the planner saw (SeenValuesForm)."""

    class Meta:
        model = Scenario
        fields = FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 2, "maxlength": MAX_TEXT})}

    def __init__(self, *args: Any, defaults: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in PERCENT_FIELDS:
            low, high = _limits(name)
            self.fields[name] = PercentField(
                label=f"{capfirst(_label(name))}, %",
                low=low,
                high=high,
                show_hidden_initial=self.tracks_seen_values(),
            )
        for name in set(SCENARIO_BOUNDS) - PERCENT_FIELDS:
            if name in self.fields:
                _without_range(self.fields[name])
                _browser_range(self.fields[name], *_limits(name))
        for name, (value, source) in default_notes(defaults).items():
            if name not in self.fields:
                continue
            field = cast(Any, self.fields[name])
            field.default_text, field.source_text = value, source
            field.widget.attrs["aria-describedby"] = f"id_{name}_default"

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's errors beside their fields; a share someone changed meanwhile is
        told as the page shows it (30%, not 0.3)."""
        current = getattr(error, "current", None) or {}
        if hasattr(error, "error_dict"):
            for name in PERCENT_FIELDS & set(current):
                value = display(name, current[name])
                error.error_dict[name] = [ValidationError(CHANGED_MEANWHILE % {"value": value})]
        apply_service_errors(self, error)

    def see(self, values: dict[str, Any]) -> None:
        """As SeenValuesForm's, with the shares as the page shows them (in per cent)."""
        super().see(
            {
                name: self.fields[name].prepare_value(value) if name in PERCENT_FIELDS else value
                for name, value in values.items()
            }
        )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in _groups()]

    def _post_clean(self) -> None:
        pass


def scenario_summary(scenario: Scenario, defaults: dict[str, Any]) -> list[dict[str, Any]]:
    """The scenario's inputs by group: label, value, and the default when it differs."""
    notes = default_notes(defaults)
    groups = []
    for title, names in _groups()[1:]:
        rows = []
        for name in names:
            value = getattr(scenario, name)
            default = notes.get(name, ("", ""))[0]
            shown = display(name, value)
            rows.append(
                {
                    "name": name,
                    "label": _label(name),
                    "value": shown,
                    "default": default if default and default != shown else "",
                }
            )
        groups.append({"title": title, "rows": rows})
    return groups


def changed_inputs(run_inputs: dict[str, Any], scenario: Scenario) -> list[str]:
    """Labels of what changed in the scenario since a run took its snapshot of the inputs."""
    if not run_inputs:
        return []
    changed = []
    for key, value in run_inputs.items():
        name = RUN_KEYS.get(key, key)
        if name in FIELDS and value != getattr(scenario, name):
            changed.append(_label(name))
    if run_inputs.get("plans") != sorted(scenario.plans.values_list("id", flat=True)):
        changed.append(_("staffing plans"))
    adjustments = [
        [a.specialty_id, a.region_id, a.factor] for a in scenario.demand_adjustments.order_by("id")
    ]
    if run_inputs.get("adjustments") != adjustments:
        changed.append(_("demand adjustments"))
    return changed


def copy_names(scenario: Scenario) -> dict[str, str]:
    """A copy's suggested names, "Copy of …" in every language (of the scenario's name in
    it, or the one it falls back to)."""
    names = {}
    for field, language in (("name", "ru"), ("name_kk", "kk"), ("name_en", "en")):
        with translation.override(language):
            names[field] = _("Copy of %(name)s") % {"name": localized(scenario, "name", language)}
    return names


class CopyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("name of the copy (Russian)"), max_length=200)
    name_kk = forms.CharField(
        label=gettext_lazy("name of the copy (Kazakh)"), max_length=200, required=False
    )
    name_en = forms.CharField(
        label=gettext_lazy("name of the copy (English)"), max_length=200, required=False
    )


class PlanChoiceField(IdsChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.megaproject.code} · {localized(obj)}"


class PlansForm(SeenValuesForm, forms.Form):
    """The scenario's staffing plans; it carries the plans the planner saw."""

    plans = PlanChoiceField(
        label=gettext_lazy("staffing plans"),
        queryset=StaffingPlan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "The megaprojects' staffing plans this scenario adds to the regional demand."
        ),
    )

    def __init__(self, *args: Any, plans: QuerySet[StaffingPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["plans"]).queryset = plans

    def seen_inputs(self) -> str:
        """The hidden inputs of the plans the planner saw (the page draws each checkbox)."""
        plans = self["plans"]
        return plans.as_hidden(only_initial=True) if plans.field.show_hidden_initial else ""


class SpecialtyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class AdjustmentForm(forms.Form):
    specialty = SpecialtyField(label=gettext_lazy("specialty"), queryset=Specialty.objects.none())
    region = forms.ModelChoiceField(
        label=gettext_lazy("region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=gettext_lazy("every region"),
    )
    factor = forms.FloatField(
        label=gettext_lazy("factor"),
        initial=1.0,
        widget=forms.NumberInput(
            attrs={
                "step": "any",
                "min": ADJUSTMENT_BOUNDS["factor"].low,
                "max": ADJUSTMENT_BOUNDS["factor"].high,
            }
        ),
        help_text=gettext_lazy(
            "Multiplies the demand derived from the registry: 1 leaves it, 1.5 adds half, "
            "0 removes it. A new factor for the same specialty and region replaces the old one."
        ),
    )
    note = forms.CharField(label=gettext_lazy("reason"), max_length=255, required=False)

    def __init__(
        self,
        *args: Any,
        specialties: QuerySet[Specialty],
        regions: QuerySet[Region],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["specialty"]).queryset = specialties
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions
