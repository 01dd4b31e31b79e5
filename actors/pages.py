"""Form-page helpers shared by every app's views (the lowest layer, so all may use them).

A form page is a plain view (CONVENTIONS §1):

    form = SomeForm(request.POST or None, ...)
    if form.is_valid():
        try:
            obj = services.thing_create(..., data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, ...)
            return redirect(obj)
    return render_form(request, form, title=..., cancel_url=...)
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.dateparse import parse_date


def form_errors(form, error):
    """Put a service's ValidationError on the form: a field's errors on that field, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def errors_to_messages(request, error):
    """Show refused input as messages, for actions that redirect instead of showing a form again.

    `error` is a ValidationError (from a service) or a bound form's `errors`.
    """
    if isinstance(error, ValidationError):
        texts = error.messages
    else:
        texts = [text for field_errors in error.values() for text in field_errors]
    for text in texts:
        messages.error(request, text)


def render_form(request, form, *, title, cancel_url, extra=None, template="actors/form.html"):
    """The standard form page; a template extending actors/form.html may add a breadcrumb."""
    context = {"form": form, "title": title, "cancel_url": cancel_url, **(extra or {})}
    return render(request, template, context)


def query_date(value):
    """A date from the query string, or None for a missing or malformed one (2014-02-30 too)."""
    try:
        return parse_date(value or "")
    except ValueError:
        return None
