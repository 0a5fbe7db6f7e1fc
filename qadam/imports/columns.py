"""A kind's columns, and matching a file's header to them.

Headers are part of the file format, so their labels are fixed here in Kazakh, Russian and
English rather than left to the translation catalogue (a reworded translation would break
files already filled in). A header cell may be any of the three labels or the column's
machine name; case, spacing and ё/е do not matter.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qadam.imports.cells import Cell, is_blank, normalise
from qadam.imports.errors import MalformedFile

# machine name -> its header in English, Russian and Kazakh (shared by the kinds that use it)
LABELS: dict[str, tuple[str, str, str]] = {
    "iin": ("IIN", "ИИН", "ЖСН"),
    "bin": ("BIN", "БИН", "БСН"),
    "last_name": ("Last name", "Фамилия", "Тегі"),
    "first_name": ("First name", "Имя", "Аты"),
    "middle_name": ("Patronymic", "Отчество", "Әкесінің аты"),
    "region_kato": ("Region (KATO)", "Регион (КАТО)", "Өңір (ӘАОЖ)"),
    "institution_code": (
        "Institution code",
        "Код организации образования",
        "Білім беру ұйымының коды",
    ),
    "specialty_code": ("Specialty code", "Код специальности", "Мамандық коды"),
    "language": ("Language of instruction", "Язык обучения", "Оқыту тілі"),
    "form": ("Form of study", "Форма обучения", "Оқыту нысаны"),
    "year_of_study": ("Year of study", "Курс", "Оқу курсы"),
    "funding": ("Funding", "Источник финансирования", "Қаржыландыру көзі"),
    "status": ("Status", "Статус", "Мәртебесі"),
    "enrolled_on": ("Enrolled on", "Дата зачисления", "Оқуға қабылданған күні"),
    "expected_graduation_on": (
        "Expected graduation",
        "Ожидаемая дата окончания",
        "Оқуды бітірудің болжамды күні",
    ),
    "grade_average": ("Grade average", "Средний балл успеваемости", "Үлгерімнің орташа балы"),
    "rural": ("From a rural district", "Из сельской местности", "Ауылдық жерден"),
    "disability": ("Has a disability", "Лицо с инвалидностью", "Мүгедектігі бар"),
    "code": ("Code", "Код", "Коды"),
    "name": ("Name", "Наименование", "Атауы"),
    "name_ru": ("Name (Russian)", "Наименование (на русском языке)", "Атауы (орыс тілінде)"),
    "name_kk": ("Name (Kazakh)", "Наименование (на казахском языке)", "Атауы (қазақ тілінде)"),
    "name_en": ("Name (English)", "Наименование (на английском языке)", "Атауы (ағылшын тілінде)"),
    "country": ("Country", "Страна", "Ел"),
    "ownership": ("Ownership", "Форма собственности", "Меншік нысаны"),
    "languages": ("Languages of instruction", "Языки обучения", "Оқыту тілдері"),
    "parent_code": ("Parent university code", "Код головного вуза", "Бас ЖОО коды"),
    "sector": ("Sector", "Отрасль", "Сала"),
    "size": ("Size", "Размерность", "Көлемі"),
    "duration_months": ("Duration, months", "Срок обучения, мес.", "Оқу мерзімі, ай"),
    "capacity": (
        "Capacity (first-year seats)",
        "Количество мест (первый курс)",
        "Орындар саны (бірінші курс)",
    ),
    "state_funded_seats": (
        "State-funded first-year seats",
        "Места по госзаказу на первый курс",
        "Бірінші курсқа мемлекеттік тапсырыс бойынша орындар",
    ),
    "number": ("Agreement number", "Номер соглашения", "Келісім нөмірі"),
    "title": ("Title", "Название", "Тақырыбы"),
    "signed_on": ("Signed on", "Дата подписания", "Қол қойылған күні"),
    "starts_on": ("Starts on", "Дата начала", "Басталу күні"),
    "ends_on": ("Ends on", "Дата окончания", "Аяқталу күні"),
    "description": ("Description", "Описание", "Сипаттамасы"),
    "termination_reason": ("Reason for termination", "Причина расторжения", "Бұзу себебі"),
    "party_institutions": (
        "Parties: institutions",
        "Стороны: организации образования",
        "Тараптар: білім беру ұйымдары",
    ),
    "party_enterprises": ("Parties: enterprises", "Стороны: предприятия", "Тараптар: кәсіпорындар"),
    "party_others": ("Parties: others", "Стороны: другие", "Тараптар: басқалар"),
    "agreement_number": ("Agreement number", "Номер соглашения", "Келісім нөмірі"),
    "beneficiary_code": (
        "Beneficiary institution code",
        "Код организации-получателя",
        "Алушы ұйымның коды",
    ),
    "due_on": ("Due on", "Срок исполнения", "Орындау мерзімі"),
    "target": ("Target", "Целевое значение", "Мақсатты мән"),
    "promised_by": (
        "Promised by (institution code or BIN)",
        "Обязавшаяся сторона (код организации или БИН)",
        "Міндеттенген тарап (ұйым коды немесе БСН)",
    ),
    "items": ("Items", "Перечень", "Тізбесі"),
}


@dataclass(frozen=True)
class Column:
    name: str  # the machine name, e.g. "iin"
    cell: Cell
    required: bool = False  # every row needs a value (so the file needs the column)
    default: Any = None  # the value of a blank cell
    help: str | Promise = ""
    labels: tuple[str, str, str] | None = None  # en, ru, kk; else LABELS[name]

    def label(self, language: str | None = None) -> str:
        en, ru, kk = self.labels or LABELS[self.name]
        language = (language or get_language() or "ru")[:2]
        return {"kk": kk, "ru": ru}.get(language, en)

    def names(self) -> set[str]:
        return {normalise(text) for text in (self.name, *(self.labels or LABELS[self.name]))}


def column_letter(position: int) -> str:
    """0 -> A, 27 -> AB."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class HeaderMap:
    positions: dict[str, int]  # column name -> position in the row
    headers: dict[str, str]  # column name -> the header as the file spells it


def map_header(
    columns: Sequence[Column], header: Sequence[Any], rows: Sequence[tuple[int, list[Any]]]
) -> HeaderMap:
    """Where each column is; MalformedFile listing every unknown, repeated or missing one."""
    by_name: dict[str, Column] = {}
    for column in columns:
        for name in column.names():
            by_name[name] = column
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    problems: list[str] = []
    for position, cell in enumerate(header):
        letter = column_letter(position)
        if is_blank(cell):
            if any(position < len(cells) and not is_blank(cells[position]) for _, cells in rows):
                problems.append(
                    _("Column %(letter)s has values but no header.") % {"letter": letter}
                )
            continue
        found = by_name.get(normalise(cell))
        if found is None:
            problems.append(
                _("Column %(letter)s, “%(header)s”, is not a column of this import.")
                % {"letter": letter, "header": str(cell).strip()}
            )
        elif found.name in positions:
            problems.append(
                _("Column %(letter)s repeats column %(first)s (“%(header)s”).")
                % {
                    "letter": letter,
                    "first": column_letter(positions[found.name]),
                    "header": found.label(),
                }
            )
        else:
            positions[found.name] = position
            headers[found.name] = str(cell).strip()
    missing = [
        column.label() for column in columns if column.required and column.name not in positions
    ]
    if missing:
        problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if problems:
        expected = ", ".join(column.label() for column in columns)
        problems.append(_("The columns of this import are: %(columns)s.") % {"columns": expected})
        raise MalformedFile(*problems)
    return HeaderMap(positions=positions, headers=headers)
