"""How a case step's outcome reaches the case page: every step form posts, then lands back on the case."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError

from actors.pages import errors_to_messages
from dialogue.escalations.services import ConcurrentChange


def form_errors_to_messages(request, form):
    """A step's form lives on the case page: its errors are shown there as messages."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@contextmanager
def step_reported(request, success):
    """Run a step's service: success, a concurrent change or a broken rule becomes the page's message."""
    try:
        yield
    except ConcurrentChange as error:
        messages.warning(request, error.messages[0])
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, success)
