"""Each language's formats: Kazakh and Russian dates as 05.01.2026 and numbers grouped with
spaces (Django ships no Kazakh formats: qadam/formats/kk), English as Django has them."""

from datetime import date

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template
from django.utils import formats, translation


@pytest.mark.parametrize(
    ("language", "day", "count", "share"),
    [
        ("kk", "05.01.2026", "556\xa0000", "70,1"),
        ("ru", "05.01.2026", "556\xa0000", "70,1"),
        ("en", "01/05/2026", "556,000", "70.1"),
    ],
)
def test_dates_and_numbers_in_each_language(language, day, count, share):
    with translation.override(language):
        assert formats.date_format(date(2026, 1, 5), "SHORT_DATE_FORMAT") == day
        assert intcomma(556000) == count
        page = Template('{{ d|date:"SHORT_DATE_FORMAT" }} {{ n|floatformat:1 }}').render(
            Context({"d": date(2026, 1, 5), "n": 70.1})
        )
        assert page == f"{day} {share}"


def test_a_kazakh_form_reads_the_dates_a_kazakh_user_types_and_iso():
    from django import forms

    class Form(forms.Form):
        on = forms.DateField()

    with translation.override("kk"):
        for typed in ("05.01.2026", "2026-01-05"):
            form = Form({"on": typed})
            assert form.is_valid() and form.cleaned_data["on"] == date(2026, 1, 5)
