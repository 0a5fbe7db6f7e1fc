"""Every write to partnerships, in named parts: register.py (agreements and their
lifecycle), parties.py, documents.py, obligations.py, deliveries.py, mobility.py. Each
service is atomic, judges the record with the app's rules (qadam.agreements.rules) and
writes through qadam.common.audit, so the audit log says what the database holds.
"""

from qadam.agreements.services.deliveries import (
    delivery_record,
    delivery_remove,
)
from qadam.agreements.services.documents import MAX_DOCUMENT_BYTES, check_pdf, document_upload
from qadam.agreements.services.mobility import (
    MOBILITY_FIELDS,
    mobility_create,
    mobility_record_return,
    mobility_update,
)
from qadam.agreements.services.obligations import (
    OBLIGATION_FIELDS,
    obligation_create,
    obligation_update,
)
from qadam.agreements.services.parties import PartyData, party_add, party_remove
from qadam.agreements.services.register import (
    agreement_create,
    agreement_export_start,
    agreement_transition,
    agreement_update,
)
from qadam.common.uploads import MAX_EVIDENCE_BYTES

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_EVIDENCE_BYTES",
    "MOBILITY_FIELDS",
    "OBLIGATION_FIELDS",
    "PartyData",
    "agreement_create",
    "agreement_export_start",
    "agreement_transition",
    "agreement_update",
    "check_pdf",
    "delivery_record",
    "delivery_remove",
    "document_upload",
    "mobility_create",
    "mobility_record_return",
    "mobility_update",
    "obligation_create",
    "obligation_update",
    "party_add",
    "party_remove",
]
