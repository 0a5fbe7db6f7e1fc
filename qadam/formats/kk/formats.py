"""Kazakh formats, which Django does not ship: dates as 05.01.2026, numbers grouped with
(non-breaking) spaces as 556 000 and a decimal comma, as in Kazakhstan's official use."""

DATE_FORMAT = "j F Y ж."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y ж. H:i"
YEAR_MONTH_FORMAT = "F Y ж."
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y"]  # ISO 8601 is always accepted too
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%y %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
