"""Reading an uploaded file as a header and rows, whatever it turns out to be.

The format is told by the content, never the name: XLSX (a ZIP with a workbook) or CSV
text in UTF-8 (with or without a byte-order mark) or UTF-16 with its mark, separated by
commas, semicolons (Russian Excel) or tabs. Anything else is refused with a message that
says what the file is and what to do.
"""

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from qadam.imports.errors import MalformedFile
from qadam.imports.xlsx_reader import read_xlsx

MAX_ROWS = 1_000_000  # data rows; past this a file is split, not imported
DELIMITERS = ",;\t"
# Cyrillic letters, as cp1251 decodes them (0xC0-0xFF, Ё and ё)
CP1251_CYRILLIC = frozenset(range(0xC0, 0x100)) | {0xA8, 0xB8}


@dataclass(frozen=True)
class Sheet:
    header: list[Any]
    header_row: int
    rows: list[tuple[int, list[Any]]]  # (row number as a spreadsheet shows it, values)


def read_sheet(
    path: Path, *, max_rows: int = MAX_ROWS, on_rows: Callable[[int], None] | None = None
) -> Sheet:
    """The first non-blank row as the header and the non-blank rows below it."""
    with path.open("rb") as stream:
        head = stream.read(8)
        stream.seek(0)
        if not head:
            raise MalformedFile(_("The file is empty."))
        if head.startswith(b"PK\x03\x04"):
            rows = read_xlsx(stream, max_rows=max_rows + 1, on_rows=on_rows)
        else:
            _refuse_binary(head, stream)
            rows = _read_csv(stream.read(), max_rows=max_rows + 1)
    if not rows:
        raise MalformedFile(_("The file has no rows: not even a header."))
    header_row, header = rows[0]
    if len(rows) == 1:
        raise MalformedFile(_("The file has a header but no rows below it."))
    return Sheet(header=header, header_row=header_row, rows=rows[1:])


def _save_as() -> str:
    return _("Save it from Excel or LibreOffice as XLSX, or as “CSV UTF-8”.")


def _refuse_binary(head: bytes, stream: io.BufferedReader) -> None:
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise MalformedFile(
            _("This is an old Excel 97–2003 (.xls) file, which Qadam does not read.")
            + " "
            + _save_as()
        )
    if head.startswith(b"%PDF"):
        raise MalformedFile(_("This is a PDF document, not a spreadsheet.") + " " + _save_as())
    sample = stream.read(8192)
    stream.seek(0)
    utf16 = sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in sample and not utf16:
        raise MalformedFile(_("This is not a spreadsheet or a CSV text file.") + " " + _save_as())


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise MalformedFile(_("The file says it is UTF-16 text but is not.")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        if _looks_like_cp1251(data):
            raise MalformedFile(
                _(
                    "The file is not in UTF-8: it looks like Windows-1251 (Cyrillic) text "
                    "(line %(line)d). In Excel choose “Save as” → “CSV UTF-8 (comma "
                    "delimited)”, or save it as XLSX, and upload it again."
                )
                % {"line": line}
            ) from None
        raise MalformedFile(
            _("The file is not UTF-8 text (line %(line)d).") % {"line": line} + " " + _save_as()
        ) from None


def _looks_like_cp1251(data: bytes) -> bool:
    """Mostly Cyrillic letters in Windows-1251: words of high bytes, not the odd accented
    letter among Latin ones (as in Latin-1)."""
    sample = data[:65536]
    high = [index for index, byte in enumerate(sample) if byte >= 0x80]
    if not high:
        return False
    letters = sum(sample[index] in CP1251_CYRILLIC for index in high)
    in_words = sum(
        (index > 0 and sample[index - 1] >= 0x80)
        or (index + 1 < len(sample) and sample[index + 1] >= 0x80)
        for index in high
    )
    return letters / len(high) > 0.8 and in_words / len(high) > 0.5


def _delimiter(text: str) -> str:
    """The separator of the header line: whichever of , ; tab it has most of."""
    first = text.split("\n", 1)[0]
    counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(data: bytes, *, max_rows: int) -> list[tuple[int, list[Any]]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if "".join(cells).strip():
                rows.append((number, cells))
                if len(rows) > max_rows:
                    raise MalformedFile(
                        _("The file has more than %(limit)s rows; split it into smaller files.")
                        % {"limit": f"{max_rows - 1:,}"}
                    )
    except csv.Error as error:
        raise MalformedFile(
            _("The CSV file is damaged near line %(line)d: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    return rows
