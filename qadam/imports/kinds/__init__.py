"""The kinds of import, in the order their references need them."""

from qadam.imports.kinds.agreements import Agreements
from qadam.imports.kinds.base import Context, Kind
from qadam.imports.kinds.educators import Educators
from qadam.imports.kinds.enterprises import Enterprises
from qadam.imports.kinds.institutions import Institutions
from qadam.imports.kinds.obligations import Obligations
from qadam.imports.kinds.pension import PensionExtract
from qadam.imports.kinds.programs import Programs
from qadam.imports.kinds.students import Students
from qadam.imports.kinds.upskilling import UpskillingRecords

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Institutions(),
        Enterprises(),
        Programs(),
        Students(),
        Educators(),
        UpskillingRecords(),
        Agreements(),
        Obligations(),
        PensionExtract(),
    )
}

__all__ = ["KINDS", "Context", "Kind"]
