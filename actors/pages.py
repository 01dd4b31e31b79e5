"""Form-page helpers shared by every app's views (the lowest layer, so all may use them)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def errors_to_messages(request, error):
    for message in error.messages:
        messages.error(request, message)


def run_form(request, form, action, success, redirect_to):
    """Run a service with a valid form's data; a rule broken in the service becomes a form error."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(redirect_to(result))
    return None


def render_form(request, form, title, cancel_url, extra=None, template="actors/form.html"):
    """The standard form page; a template extending actors/form.html may add a breadcrumb."""
    context = {"form": form, "title": title, "cancel_url": cancel_url, **(extra or {})}
    return render(request, template, context)
