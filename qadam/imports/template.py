"""Downloadable templates: the kind's header in one language, and a sheet that explains it."""

import csv
import io
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from qadam.imports.cells import Choice, Text
from qadam.imports.identifier_cells import Identifier
from qadam.imports.kinds import Kind

TEMPLATE_ROWS = 5000  # rows that get a drop-down list of choices
MAX_LIST_FORMULA = 255  # Excel's limit for a drop-down list given inline


def template_filename(kind: Kind, language: str, extension: str) -> str:
    return f"qadam-{kind.name}-{language}.{extension}"


def template_csv(kind: Kind, language: str) -> bytes:
    """The header row as CSV in UTF-8 with a byte-order mark, so Excel shows Cyrillic."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.label(language) for column in kind.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(kind: Kind, language: str) -> bytes:
    """A workbook: the header on the first sheet (identifier and code columns stored as
    text, choices as drop-down lists), and a second sheet describing every column."""
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = str(kind.label)[:31]
        bold = Font(bold=True)
        for position, column in enumerate(kind.columns, start=1):
            cell = sheet.cell(row=1, column=position, value=column.label(language))
            cell.font = bold
            letter = get_column_letter(position)
            sheet.column_dimensions[letter].width = max(14, len(column.label(language)) + 4)
            if isinstance(column.cell, Identifier | Text):
                # typed digits keep their leading zeros (an IIN of someone born in 2005)
                sheet.column_dimensions[letter].number_format = "@"
            if isinstance(column.cell, Choice):
                _drop_down(sheet, column.cell, letter)
        sheet.freeze_panes = "A2"
        _help_sheet(workbook, kind, language)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _drop_down(sheet: object, cell: Choice, letter: str) -> None:
    codes = ",".join(cell.choices.values)
    if len(codes) + 2 > MAX_LIST_FORMULA:
        return
    validation = DataValidation(type="list", formula1=f'"{codes}"', allow_blank=True)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)  # type: ignore[attr-defined]


def _help_sheet(workbook: Workbook, kind: Kind, language: str) -> None:
    sheet = workbook.create_sheet(_("Columns")[:31])
    header = [_("Column"), _("Machine name"), _("Required"), _("Format"), _("Notes")]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in kind.columns:
        sheet.append(
            [
                column.label(language),
                column.name,
                _("yes") if column.required else _("no"),
                column.cell.describe(),
                str(column.help),
            ]
        )
    sheet.append([])
    sheet.append(
        [
            _(
                "The header may be in Kazakh, Russian or English, or use the machine names. "
                "A row whose key is already in the registry updates that record; every other "
                "row adds one. If any row is wrong, nothing is written and every wrong row is "
                "reported."
            )
        ]
    )
    for letter, width in zip("ABCDE", (34, 24, 10, 48, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def template_write(kind: Kind, path: Path, language: str) -> None:
    """Write the template to `path`: CSV when it ends in .csv, else XLSX."""
    content = (
        template_csv(kind, language)
        if path.suffix.lower() == ".csv"
        else template_xlsx(kind, language)
    )
    path.write_bytes(content)
