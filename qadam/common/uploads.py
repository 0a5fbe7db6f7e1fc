"""Evidence files (a delivery's, a certificate's): checked by their content, not their name.

At most 10 MB; a PDF, JPEG or PNG by the bytes it begins with, stored under the extension of
its true type. The caller judges the record first and stores the file only if it may be saved,
so a refusal leaves no file behind.
"""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from qadam.common.rules import FieldErrors

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# what an evidence file must begin with, and the extension it is stored under
EVIDENCE_SIGNATURES = (
    (b"%PDF-", ".pdf"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
)


def evidence_content(
    upload: UploadedFile | None, *, stem: str, field: str = "evidence_file"
) -> tuple[ContentFile[bytes] | None, FieldErrors]:
    """The file renamed `stem` + the extension of its true type, or None with its problem
    (on `field`)."""
    if upload is None:
        return None, {}
    if (upload.size or 0) > MAX_EVIDENCE_BYTES:
        return None, {field: [_("The evidence file is larger than 10 MB.")]}
    upload.seek(0)
    data = upload.read()
    extension = next((ext for magic, ext in EVIDENCE_SIGNATURES if data.startswith(magic)), "")
    if not extension:
        return None, {field: [_("The evidence file must be a PDF, JPEG or PNG.")]}
    return ContentFile(data, name=f"{stem}{extension}"), {}
