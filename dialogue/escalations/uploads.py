"""The upload field for photos and PDFs attached to escalations and findings.

The type is decided by the file's first bytes, not by its name or the browser's
claim; the stored name is random (see models.attachment_path) and the uploaded
name is kept only as text, stripped of any path.
"""

import os
import unicodedata

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
]
EXTENSIONS = {"image/jpeg": {".jpg", ".jpeg"}, "image/png": {".png"}, "application/pdf": {".pdf"}}


def safe_name(name):
    """The last path component, without control characters, at most 150 characters."""
    base = os.path.basename(name.replace("\\", "/")).strip() or "fil"
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return base[-150:]


def sniff(upload):
    head = upload.read(16)
    upload.seek(0)
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


class AttachmentField(forms.FileField):
    default_error_messages = {
        "type": _("Filen skal være et billede (JPEG eller PNG) eller en PDF."),
        "size": _("Filen er for stor (%(size)s). Den må højst fylde %(max)s."),
        "mismatch": _("Filens navn passer ikke til indholdet. Gem den igen som JPEG, PNG eller PDF."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Foto eller PDF (valgfrit)"))
        kwargs.setdefault(
            "help_text", _("JPEG, PNG eller PDF, højst 5 MB. Ingen billeder af personer, der kan genkendes.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".jpg,.jpeg,.png,.pdf")

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                self.error_messages["size"],
                code="size",
                params={"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
            )
        kind = sniff(upload)
        if kind is None:
            raise forms.ValidationError(self.error_messages["type"], code="type")
        name = safe_name(upload.name)
        if os.path.splitext(name)[1].lower() not in EXTENSIONS[kind]:
            raise forms.ValidationError(self.error_messages["mismatch"], code="mismatch")
        upload.safe_name = name
        upload.sniffed_type = kind
        return upload
