"""Guard against Danish personal numbers (CPR numbers) in free text.

Privacy rule (DOMAIN.md): no free-text field may hold a CPR number. A CPR
number is ``DDMMYY-SSSS`` (or ``DDMMYYSSSS``, or with a space instead of the
hyphen) where ``DDMMYY`` is a real calendar date. The century, needed to
decide whether 29 February exists, follows from the 7th digit:

* 0-3: 1900s
* 4 or 9: 2000s if YY <= 36, otherwise 1900s
* 5-8: 2000s if YY <= 57, otherwise 1800s

The modulus-11 check is deliberately NOT applied: since 2007 CPR numbers
have been issued that do not satisfy it, so a mod-11 filter would let real
personal numbers through.

To avoid false alarms on look-alikes (phone numbers, case numbers, dates,
amounts, account numbers) the ten digits must not be part of a longer digit
run, and must not continue as a decimal/thousands-separated number.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = ["CprGuardMixin", "find_cpr", "validate_no_cpr"]

# A hyphen (incl. typographic variants word processors substitute) or a space.
_SEPARATORS = "-\u2010\u2011\u2013 \u00a0"

_CPR_RE = re.compile(
    r"(?<![0-9])(?<![0-9][.,])"  # not inside a longer (or dotted/decimal) number
    r"(?P<dd>[0-9]{2})(?P<mm>[0-9]{2})(?P<yy>[0-9]{2})"
    rf"(?P<sep>[{_SEPARATORS}]?)"
    r"(?P<serial>[0-9]{4})"
    r"(?![0-9])(?![.,][0-9])"
)


def _century(yy: int, seventh_digit: int) -> int:
    """Return the century (1800, 1900 or 2000) per the CPR rules."""
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def _is_real_date(match: re.Match) -> bool:
    yy = int(match["yy"])
    year = _century(yy, int(match["serial"][0])) + yy
    try:
        datetime.date(year, int(match["mm"]), int(match["dd"]))
    except ValueError:
        return False
    return True


def _first_match(text: str) -> re.Match | None:
    pos = 0
    while (match := _CPR_RE.search(text, pos)) is not None:
        if _is_real_date(match):
            return match
        pos = match.start() + 1
    return None


def find_cpr(text: str) -> str | None:
    """Return the first substring of ``text`` that looks like a CPR number."""
    if not text:
        return None
    match = _first_match(str(text))
    return match.group(0) if match else None


def _mask(match: re.Match) -> str:
    """Hide the serial part so the full number is never echoed back."""
    return f"{match['dd']}{match['mm']}{match['yy']}{match['sep']}XXXX"


def validate_no_cpr(value) -> None:
    """Django validator: refuse text containing a CPR number."""
    if value is None or value == "":
        return
    match = _first_match(str(value))
    if match is None:
        return
    raise ValidationError(
        _(
            "Teksten ser ud til at indeholde et CPR-nummer (%(match)s). "
            "Personnumre må ikke indtastes her – skriv uden "
            "personhenførbare oplysninger."
        ),
        code="cpr",
        params={"match": _mask(match)},
    )


class CprGuardMixin:
    """Form mixin adding :func:`validate_no_cpr` to every text field.

    Why: DOMAIN.md's privacy rule says every free-text field must refuse
    CPR numbers. Rather than remembering the validator per field, forms mix
    this in (``class MyForm(CprGuardMixin, forms.ModelForm)``).

    Every ``forms.CharField`` (incl. subclasses such as EmailField and
    SlugField) is guarded, except password fields (``PasswordInput``
    widget): those are never stored or shown as text. Django deep-copies
    fields per form instance, so this only touches the instance's fields;
    the membership check additionally prevents duplicates.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            if validate_no_cpr not in field.validators:
                field.validators.append(validate_no_cpr)


def redact_cpr(text: str) -> str:
    """``text`` with the serial part of every CPR number replaced by XXXX (for generated text, e.g. messages)."""
    if not text:
        return text
    out, pos = [], 0
    while (match := _first_match(text[pos:])) is not None:
        out += [text[pos : pos + match.start()], _mask(match)]
        pos += match.end()
    return "".join(out) + text[pos:]
