"""An agreement's parties as three flat columns, one agreement per row.

    Parties: institutions   COL-0001|coordinator; UNI-0002
    Parties: enterprises    100140001234|patron
    Parties: others         Ministry of Education|ministry|KZ|funder;
                            Tomsk University|foreign_institution|RU

Items are separated by semicolons (or line breaks), an item's parts by "|". An institution
is named by its registry code, an enterprise by its BIN, each with an optional role
(partner when left out); any other party by its name, kind (ministry or
foreign_institution), country (KZ when left out, except for a foreign institution) and role.
Each party is judged by the agreements' rules, as the services judge it: an organisation
is a party once (whatever its role), a foreign party gives its country.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from qadam.agreements import rules
from qadam.agreements.choices import PartyKind, PartyRole
from qadam.imports.cells import CellError, Choice, Country
from qadam.imports.identifier_cells import Identifier
from qadam.imports.kinds.base import chunks, institution_refs
from qadam.imports.table import Table
from qadam.registry.models import Enterprise

# (kind, role, institution_id, enterprise_id, name, country): one party as compared and written
PartyTuple = tuple[str, str, int | None, int | None, str, str]
CATEGORIES = {
    "party_institutions": "_institutions",
    "party_enterprises": "_enterprises",
    "party_others": "_others",
}
OTHER_KINDS = (PartyKind.MINISTRY.value, PartyKind.FOREIGN_INSTITUTION.value)
SEPARATOR = re.compile(r"[;\n]+")
ROLE = Choice(PartyRole)
KIND = Choice(PartyKind)
BIN = Identifier("BIN")
COUNTRY = Country()


def items(text: str | None) -> list[list[str]]:
    return [
        [part.strip() for part in item.split("|")]
        for item in SEPARATOR.split(text or "")
        if item.strip()
    ]


def _role(parts: list[str], position: int) -> str:
    return ROLE.parse(parts[position]) if len(parts) > position and parts[position] else "partner"


def sort_parties(parties: Iterable[PartyTuple]) -> tuple[PartyTuple, ...]:
    return tuple(sorted(parties, key=lambda p: (p[0], p[1], p[2] or 0, p[3] or 0, p[4], p[5])))


def party_columns(table: Table) -> dict[str, list[Any]]:
    """For each party column the file has: every row's parties, sorted (None on error)."""
    result: dict[str, list[Any]] = {}
    if table.has("party_institutions"):
        result["_institutions"] = _institutions(table)
    if table.has("party_enterprises"):
        result["_enterprises"] = _enterprises(table)
    if table.has("party_others"):
        result["_others"] = _others(table)
    return result


def _row(party: PartyTuple) -> dict[str, Any]:
    kind, role, institution_id, enterprise_id, name, country = party
    return {
        "kind": kind,
        "role": role,
        "institution_id": institution_id,
        "enterprise_id": enterprise_id,
        "name": name,
        "country": country,
    }


def _each(table: Table, name: str, parse: Any) -> list[Any]:
    """Parse every item of every row of `name` and judge it by the parties' rules (as
    the services do); an error names the item."""
    result: list[Any] = [None] * table.size
    for index, text in enumerate(table.column(name)):
        parties: list[PartyTuple] = []
        try:
            for number, parts in enumerate(items(text), start=1):
                try:
                    party = parse(parts)
                    errors = rules.party_errors(_row(party), others=[_row(p) for p in parties])
                    if errors:
                        raise CellError(next(iter(errors.values()))[0])
                    parties.append(party)
                except CellError as error:
                    raise CellError(
                        _("party %(number)d (%(item)s): %(error)s")
                        % {"number": number, "item": "|".join(parts), "error": error}
                    ) from None
        except CellError as error:
            table.error(index, name, str(error))
            continue
        result[index] = sort_parties(parties)
    return result


def _institutions(table: Table) -> list[Any]:
    codes = {parts[0] for text in table.column("party_institutions") for parts in items(text)}
    refs = institution_refs(codes)

    def parse(parts: list[str]) -> PartyTuple:
        if len(parts) > 2:
            raise CellError(_("write CODE or CODE|role"))
        ref = refs.get(parts[0])
        if ref is None:
            raise CellError(_("no institution has the code %(code)s") % {"code": parts[0]})
        kind = PartyKind.INSTITUTION if ref.country == "KZ" else PartyKind.FOREIGN_INSTITUTION
        return (kind.value, _role(parts, 1), ref.id, None, "", ref.country)

    return _each(table, "party_institutions", parse)


def _enterprises(table: Table) -> list[Any]:
    bins = sorted({parts[0] for text in table.column("party_enterprises") for parts in items(text)})
    known: dict[str, int] = {}
    for chunk in chunks(bins):
        known.update(Enterprise.objects.filter(bin__in=chunk).order_by().values_list("bin", "id"))

    def parse(parts: list[str]) -> PartyTuple:
        if len(parts) > 2:
            raise CellError(_("write BIN or BIN|role"))
        number = BIN.parse(parts[0])
        if number not in known:
            raise CellError(_("no enterprise has the BIN %(bin)s") % {"bin": number})
        return (PartyKind.ENTERPRISE.value, _role(parts, 1), None, known[number], "", "KZ")

    return _each(table, "party_enterprises", parse)


def _others(table: Table) -> list[Any]:
    def parse(parts: list[str]) -> PartyTuple:
        if len(parts) < 2 or len(parts) > 4 or not parts[0]:
            raise CellError(_("write name|kind|country|role"))
        if len(parts[0]) > 255:
            raise CellError(_("a name has at most 255 characters"))
        kind = KIND.parse(parts[1])
        if kind not in OTHER_KINDS:
            raise CellError(_("the kind is ministry or foreign_institution"))
        given = COUNTRY.parse(parts[2]) if len(parts) > 2 and parts[2] else ""
        # KZ when left out, except for a foreign institution (the rules ask for it)
        country = given or ("" if kind == PartyKind.FOREIGN_INSTITUTION else "KZ")
        return (kind, _role(parts, 3), None, None, parts[0], country)

    return _each(table, "party_others", parse)
