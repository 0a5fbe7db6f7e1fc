"""What every kind of import shares: who imports, the records it builds, the lookups.

A kind turns a parsed Table into Records (one tuple per valid row, in the model's column
names), says how to find the records that already exist by their natural key, and may add
rules that need those existing records. References by natural key are resolved with one
query per referenced table.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, ClassVar

from django.db.models import Model
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.imports.columns import Column
from qadam.imports.table import Table
from qadam.registry.models import Institution, Region

CHUNK = 1000  # keys per IN (...) query: past ~2,000 SQLite scans the table instead


@dataclass(frozen=True)
class Context:
    """Who imports: `institution_ids` None for every institution (the ministry, the command
    without --user), else the institutions (and branches) the user administers."""

    actor: User | None = None
    institution_ids: frozenset[int] | None = None
    source: str = ""  # the file's name (the pipeline sets it; a kind may keep it on records)

    def may_use(self, institution_id: int) -> bool:
        return self.institution_ids is None or institution_id in self.institution_ids

    @property
    def actor_id(self) -> int | None:
        return self.actor.pk if self.actor is not None else None


@dataclass
class Records:
    """The valid rows as tuples in `fields` order. Fields whose name starts with "_" are
    compared with what exists but written by the kind itself (parties, a parent)."""

    fields: tuple[str, ...]
    key: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)  # each record's row in the Table
    numbers: list[int] = field(default_factory=list)  # each record's row number in the file

    def position(self, name: str) -> int:
        return self.fields.index(name)

    def key_getter(self) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
        positions = [self.fields.index(name) for name in self.key]
        if len(positions) == 1:  # itemgetter of one position gives the value, not a tuple
            (position,) = positions
            return lambda row: (row[position],)
        return itemgetter(*positions)  # called for every record several times: keep it C

    def key_values(self) -> list[tuple[Any, ...]]:
        getter = self.key_getter()
        return [getter(row) for row in self.rows]


# natural key -> (primary key, the record's current values in Records.fields order)
Existing = dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]]


class Kind:
    name: ClassVar[str]
    model: ClassVar[type[Model]]
    columns: ClassVar[tuple[Column, ...]]
    institution_scoped: ClassVar[bool] = False  # institution administrators import their own

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def records(self, table: Table, context: Context) -> Records:
        raise NotImplementedError

    def existing(self, records: Records) -> Existing:
        raise NotImplementedError

    def check_existing(
        self, table: Table, records: Records, existing: Existing, context: Context
    ) -> None:
        """Rules that need the records already in the registry; errors go on the table."""

    def insert_values(self, context: Context) -> dict[str, Any]:
        """Columns that new records get and updates leave alone (e.g. created_by)."""
        return {}

    def after_write(
        self, records: Records, written: Sequence[int], ids: dict[tuple[Any, ...], int]
    ) -> None:
        """Write what the pseudo-fields describe for the new and changed records
        (`written` indexes records.rows; `ids` maps each written record's key to its id)."""


def build(table: Table, fields: dict[str, list[Any]], key: tuple[str, ...]) -> Records:
    """Records of the rows without errors; `fields` maps a field to its values by row."""
    names = tuple(fields)
    columns = [fields[name] for name in names]
    records = Records(fields=names, key=key)
    bad = table.bad
    for index, row in enumerate(zip(*columns, strict=True)):
        if not bad[index]:
            records.rows.append(row)
            records.indices.append(index)
            records.numbers.append(table.numbers[index])
    return records


def refuse_repeats(table: Table, keys: Sequence[Hashable | None], name: str) -> None:
    """Rows with the same natural key are all errors: which one is meant is unclear."""
    repeated = {key for key, count in Counter(keys).items() if count > 1 and key is not None}
    if not repeated:  # the usual file: counted in C, no list per key
        return
    rows: dict[Hashable, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key in repeated:
            rows[key].append(index)
    for indices in rows.values():
        if len(indices) > 1:
            for index in indices:
                others = [table.numbers[other] for other in indices if other != index]
                listed = ", ".join(str(number) for number in others[:5])
                if len(others) > 5:
                    listed += ", …"
                table.error(
                    index, name, _("the same record is also on rows %(rows)s") % {"rows": listed}
                )


def resolve(table: Table, name: str, ids: dict[Any, int], message: str) -> list[int | None]:
    """A reference column's values as ids; an unknown value is an error naming it."""
    result: list[int | None] = [None] * table.size
    for index, value in enumerate(table.column(name)):
        if value is not None and value != "":
            found = ids.get(value)
            if found is None:
                table.error(index, name, message % {"value": value})
            else:
                result[index] = found
    return result


def present(values: Iterable[Any]) -> set[Any]:
    return {value for value in values if value is not None and value != ""}


def region_ids(table: Table, name: str = "region_kato") -> list[int | None]:
    kato = dict(Region.objects.values_list("kato", "id"))
    return resolve(table, name, kato, _("no region has the KATO code %(value)s"))


@dataclass(frozen=True)
class InstitutionRef:
    id: int
    kind: str
    country: str


def institution_refs(codes: Iterable[Any]) -> dict[str, InstitutionRef]:
    """Institutions by code (one query per 5,000 codes)."""
    found: dict[str, InstitutionRef] = {}
    for chunk in chunks(sorted(present(codes))):
        for code, pk, kind, country in (
            Institution.objects.filter(code__in=chunk)
            .order_by()
            .values_list("code", "id", "kind", "country")
        ):
            found[code] = InstitutionRef(pk, kind, country)
    return found


def institution_ids(
    table: Table,
    name: str,
    context: Context,
    *,
    kinds: Iterable[str] | None = None,
) -> list[int | None]:
    """A column of institution codes as ids: unknown codes, institutions of another kind,
    and (for an institution's administrator) other institutions are errors."""
    refs = institution_refs(table.column(name))
    allowed = set(kinds) if kinds is not None else None
    result: list[int | None] = [None] * table.size
    for index, code in enumerate(table.column(name)):
        if not code:
            continue
        ref = refs.get(code)
        if ref is None:
            table.error(index, name, _("no institution has the code %(code)s") % {"code": code})
        elif not context.may_use(ref.id):
            table.error(index, name, _("you may import only your own institution's records"))
        elif allowed is not None and ref.kind not in allowed:
            table.error(
                index,
                name,
                _("not possible for an institution of kind “%(kind)s”") % {"kind": ref.kind},
            )
        else:
            result[index] = ref.id
    return result


def existing_by(model: type[Model], records: Records) -> Existing:
    """The existing records of a kind whose natural key is one field with real columns."""
    (name,) = records.key
    position = records.position(name)
    values = [row[position] for row in records.rows]
    result: Existing = {}
    for chunk in chunks(values):
        # no ORDER BY: with one SQLite reads the whole table in that order
        found = model._default_manager.filter(**{f"{name}__in": chunk}).order_by()
        for pk, *current in found.values_list("pk", *records.fields):
            result[(current[position],)] = (pk, tuple(current))
    return result


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
