"""A validation error never drops an uploaded file.

When a form with an attachment fails validation, a file that passed the upload
checks (uploads.AttachmentField: type sniffed, size, name) is held as a
PendingUpload bound to the user and the form; the re-rendered form names it and
sends its token back. On a valid submit it becomes the case's attachment
(services.attachment_add). A token is looked up together with the user and the
form, so nobody else can claim someone's file. Stale files are swept by
dialogue.tasks.sweep_pending_uploads.
"""

import uuid

from django.db import transaction
from django.utils import timezone

from dialogue.models import PendingUpload

TOKEN_FIELD = "kept_upload"
DROP_FIELD = "drop_kept_upload"


def kept_upload(*, user, form_key, token):
    """The user's held upload for this form, or None (also for another user's token, or a malformed one)."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return PendingUpload.objects.filter(token=token, user=user, form_key=form_key).first()


def pending_upload_hold(*, user, form_key, upload, now=None):
    """Hold an upload that passed uploads.AttachmentField (it carries safe_name and sniffed_type).

    One held file per user and form: a new one lets the user's earlier one for the same form go,
    so repeated failed submits cannot pile files up before the sweep.
    """
    for earlier in PendingUpload.objects.filter(user=user, form_key=form_key):
        pending_upload_discard(pending=earlier)
    upload.seek(0)
    return PendingUpload.objects.create(
        user=user,
        form_key=form_key,
        file=upload,
        original_name=upload.safe_name,
        content_type=upload.sniffed_type,
        size=upload.size,
        created=now or timezone.now(),
    )


def pending_upload_discard(*, pending):
    """Remove the row now and the stored file once the transaction is committed."""
    name, storage = pending.file.name, pending.file.storage
    pending.delete()
    transaction.on_commit(lambda: storage.delete(name))


def pending_uploads_sweep(*, now=None):
    """Remove held uploads older than PENDING_UPLOAD_MAX_AGE; returns how many. Safe to run twice."""
    count = 0
    for pending in PendingUpload.objects.stale(now).only("pk", "file"):
        with transaction.atomic():
            pending_upload_discard(pending=pending)
        count += 1
    return count


class UploadKeeper:
    """One form's attachment across failed submits, for a view.

    Made from the request before the form is validated; `upload(form)` after a valid
    form is what to attach; `hold(form)` after an invalid one keeps a checked new file.
    `pending` is the held file the page shows ("Vedhæftet: … — beholdes").
    """

    def __init__(self, request, form_key):
        self.user = request.user
        self.form_key = form_key
        self.pending = None
        self.dropped = False
        if request.method == "POST":
            self.pending = kept_upload(user=self.user, form_key=form_key, token=request.POST.get(TOKEN_FIELD))
            if self.pending is not None and request.POST.get(DROP_FIELD):
                pending_upload_discard(pending=self.pending)
                self.pending, self.dropped = None, True

    def upload(self, form):
        """A new file wins over the held one (which is then let go)."""
        new = form.cleaned_data.get("attachment")
        if new and self.pending is not None:
            pending_upload_discard(pending=self.pending)
            self.pending = None
        return new or self.pending

    def hold(self, form):
        """After a failed submit: keep the new file if it passed its own checks."""
        new = None if "attachment" in form.errors else getattr(form, "cleaned_data", {}).get("attachment")
        if new:
            if self.pending is not None:
                pending_upload_discard(pending=self.pending)
            self.pending = pending_upload_hold(user=self.user, form_key=self.form_key, upload=new)
        return self.pending
