"""What every app's forms and parsers share."""

from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.urls import reverse

MAX_ID = 2**63 - 1  # larger ids overflow the database's integer: refuse them, not a 500


def positive_id(raw: object) -> int | None:
    """An id from a query string or form: ASCII digits within the database's range, else None."""
    text = str(raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID else None


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of records by id: an id outside the database's range is "not one of
    the choices" (the form's error), never a query that overflows."""

    def clean(self, value: Any) -> Any:
        if not self.to_field_name:
            for raw in value if isinstance(value, list | tuple) else []:
                if positive_id(raw) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": raw},
                    )
        return super().clean(value)


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names (else above the form).
    For a field someone changed meanwhile, the form now holds that value as the one seen,
    so saving again applies the user's value knowingly."""
    current = getattr(error, "current", None)
    if current and isinstance(form, SeenValuesForm):
        form.see(current)
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def search_text(value: object, limit: int = 100) -> str:
    """A search box's text: trimmed, capped, and without control characters (PostgreSQL
    refuses a NUL in a query parameter, which would otherwise be a 500)."""
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if ch.isprintable()).strip()[:limit]


class DateInput(forms.DateInput):
    """A browser date picker: its value is always YYYY-MM-DD, whatever the page's language
    (a browser empties a date input holding "01.09.2025"); the label shows the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _lf(value: Any) -> Any:
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class SeenValuesForm(forms.BaseForm):
    """An edit form that carries the values the user saw (hidden "initial-" inputs), so the
    view sends the service only what the user changed, and the service can refuse a field
    that someone else changed meanwhile instead of silently overwriting it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.tracks_seen_values():
            for field in self.fields.values():
                field.show_hidden_initial = True

    @cached_property
    def changed_data(self) -> list[str]:
        """The fields the user changed: against the value they saw where the page sent it,
        else against the record's value (a client that sends no seen values)."""
        return [name for name in self.fields if self._field_changed(name)]

    def _field_changed(self, name: str) -> bool:
        bound, field = self[name], self.fields[name]
        key = self.add_initial_prefix(name)
        if field.disabled:
            return False
        if key not in self.data:
            return field.has_changed(bound.initial, bound.data)
        try:
            seen = field.to_python(
                field.hidden_widget().value_from_datadict(self.data, self.files, key)
            )
        except ValidationError:
            return True
        return field.has_changed(seen, bound.data)

    def tracks_seen_values(self) -> bool:
        instance = getattr(self, "instance", None)
        if instance is not None:  # a model form edits a saved record, or creates one
            return instance.pk is not None
        return bool(self.initial)

    def see(self, values: dict[str, Any]) -> None:
        """Take `values` (plain values, as the audit log holds them) as the ones the user saw."""
        data: Any = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
        for name, value in values.items():
            if name not in self.fields:
                continue
            key = self.add_initial_prefix(name)
            if isinstance(value, list) and hasattr(data, "setlist"):
                data.setlist(key, [str(item) for item in value])
            else:
                data[key] = "" if value is None else str(value)
        self.data = data

    def changes(self) -> dict[str, Any]:
        """The cleaned values of the fields the user changed (a browser sends every line
        break as CRLF; the record keeps plain LF)."""
        return {name: _lf(self.cleaned_data[name]) for name in self.changed_data}

    def seen(self) -> dict[str, Any]:
        """The values the user saw of the fields they changed."""
        if not self.tracks_seen_values():
            return {}
        seen: dict[str, Any] = {}
        for name in self.changed_data:
            field = self.fields[name]
            key = self.add_initial_prefix(name)
            if key not in self.data:
                continue  # a client that sends no seen values gets no conflict check
            raw = field.hidden_widget().value_from_datadict(self.data, self.files, key)
            try:
                seen[name] = _lf(field.to_python(raw))
            except ValidationError:
                continue  # a tampered hidden value: no conflict check for this field
        return seen


class SearchSelect(forms.Select):
    """A model choice among many (900 institutions) with a search box beside it: with more
    than `shown` choices the select holds only the chosen one, and typing fetches the
    matching choices into it from `search_url` (htmx; the view gets the box's text as `q`,
    the select's value under its name, and that name as `field`). The field's queryset
    still validates the choice. With few choices the select lists them all."""

    template_name = "common/widgets/search_select.html"

    def __init__(self, *, search_url: str, shown: int = 30, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.search_url = search_url
        self.shown = shown

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        self.searching = True
        context = super().get_context(name, value, attrs)  # optgroups sets `searching`
        context["search_url"] = reverse(self.search_url)
        context["searching"] = self.searching
        return context

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        iterator = self.choices
        if not isinstance(iterator, ModelChoiceIterator):
            return super().optgroups(name, value, attrs)
        chosen = iterator.queryset
        self.searching = chosen.count() > self.shown
        if self.searching:
            chosen = chosen.filter(pk__in=[pk for pk in map(positive_id, value) if pk])
        blank = [] if iterator.field.empty_label is None else [("", iterator.field.empty_label)]
        self.choices = [*blank, *map(iterator.choice, chosen)]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator
