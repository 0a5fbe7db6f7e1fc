"""An agreement's documents: signed copies and annexes as PDF files.

The audit entry is written here, not by audited_create: it names the stored file, which
the generic snapshot cannot hold.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.agreements.models import Agreement, Document
from qadam.agreements.services.access import lock_writable
from qadam.common.audit import audited_create

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def check_pdf(file: UploadedFile) -> None:
    """A PDF by its name and by its first bytes, of at most 10 MB; errors name `file`."""
    if not (file.name or "").lower().endswith(".pdf"):
        raise ValidationError({"file": [_("Upload a PDF file (.pdf).")]})
    size = file.size or 0
    if size > MAX_DOCUMENT_BYTES:
        megabytes = f"{size / 1024 / 1024:.1f}"
        raise ValidationError(
            {"file": [_("The file is %(size)s MB; the limit is 10 MB.") % {"size": megabytes}]}
        )
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"file": [_("The file is not a PDF, whatever its name says.")]})


@transaction.atomic
def document_upload(
    *, actor: User, agreement: Agreement, file: UploadedFile, title: str = ""
) -> Document:
    """Attach a signed copy or annex (PDF) to the agreement."""
    locked = lock_writable(actor, agreement)
    check_pdf(file)
    document = Document(
        agreement=locked,
        title=(title.strip() or Path(file.name or "document.pdf").stem)[:200],
        file=file,
        size=file.size or 0,
        uploaded_by=actor,
    )
    audited_create(actor=actor, instance=document, summary=f"{locked.number}: {document.title}")
    return document
