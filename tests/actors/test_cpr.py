"""Tests for the CPR-number guard (actors.cpr)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from actors.cpr import CprGuardMixin, find_cpr, validate_no_cpr

MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def passes_mod11(cpr: str) -> bool:
    digits = [int(c) for c in cpr if c.isdigit()]
    return sum(d * w for d, w in zip(digits, MOD11_WEIGHTS, strict=True)) % 11 == 0


# (number, whether it satisfies the modulus-11 check)
MOD11_VALID = ["070761-4285", "0707614285", "250374-1736"]
MOD11_INVALID = ["010190-1234", "0101901234", "150685-2223"]


@pytest.mark.parametrize("cpr", MOD11_VALID)
def test_number_with_valid_mod11_check_digit_is_detected(cpr):
    assert passes_mod11(cpr)  # premise of the example
    assert find_cpr(cpr) == cpr


@pytest.mark.parametrize("cpr", MOD11_INVALID)
def test_number_failing_mod11_is_still_detected(cpr):
    assert not passes_mod11(cpr)  # premise of the example
    assert find_cpr(cpr) == cpr


@pytest.mark.parametrize(
    "text, expected",
    [
        ("010190-1234", "010190-1234"),
        ("0101901234", "0101901234"),
        ("010190 1234", "010190 1234"),
        ("010190\u20131234", "010190\u20131234"),
    ],
)
def test_hyphen_space_or_no_separator_is_detected(text, expected):
    assert find_cpr(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Borgeren har cpr 070761-4285 og bor i Aarhus.", "070761-4285"),
        ("Kontakt ham (CPR 0101901234) i morgen", "0101901234"),
        ("cpr:010190-1234", "010190-1234"),
        ("(0101901234)", "0101901234"),
        ("nr.010190-1234.", "010190-1234"),
        ("CPR010190-1234abc", "010190-1234"),
        ('"070761 4285",', "070761 4285"),
    ],
)
def test_number_embedded_in_text_or_punctuation_is_detected(text, expected):
    assert find_cpr(text) == expected


def test_first_of_several_numbers_is_returned():
    assert find_cpr("A: 070761-4285, B: 010190-1234") == "070761-4285"


def test_number_after_an_invalid_date_candidate_is_still_found():
    assert find_cpr("321390-1234 og 010190-1234") == "010190-1234"


@pytest.mark.parametrize(
    "cpr",
    [
        "290296-1234",  # 1996
        "290200-4234",  # digit 4, YY<=36 -> 2000
        "290200-5234",  # digit 5, YY<=57 -> 2000
        "290236-9234",  # digit 9, YY<=36 -> 2036
        "290288-5234",  # digit 5, YY>57 -> 1888
    ],
)
def test_february_29_in_a_leap_year_is_detected(cpr):
    assert find_cpr(cpr) == cpr


@pytest.mark.parametrize(
    "cpr",
    [
        "290297-1234",  # 1997
        "290200-1234",  # digit 1 -> 1900, not a leap year
        "290289-5234",  # 1889
        "290201-4234",  # 2001
    ],
)
def test_february_29_in_a_non_leap_year_is_not_detected(cpr):
    assert find_cpr(cpr) is None


@pytest.mark.parametrize(
    "text",
    [
        "320190-1234",  # day 32
        "000190-1234",  # day 00
        "011390-1234",  # month 13
        "010090-1234",  # month 00
        "310490-1234",  # 31 April
        "300290-1234",  # 30 February
    ],
)
def test_impossible_dates_are_not_detected(text):
    assert find_cpr(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "12 34 56 78",
        "+45 12 34 56 78",
        "+45 12345678",
        "12345678",
        "01-01-2011",
        "1. marts 2011",
        "2011-03-01",
        "28.000.000 kr.",
        "17,5 mio.",
        "1.234.567,89",
        "0101901234,50 kr.",
        "2010-123456",
        "sag nr. 2010-123456",
        "2011-2014",
        "01019012345",
        "901019012345",
        "DK5000400440116243",
        "DK50 0040 0440 1162 43",
        "2200 København N",
        "Borgeren ønsker hjælp til at søge job.",
        "",
    ],
)
def test_look_alikes_are_not_detected(text):
    assert find_cpr(text) is None


def test_valid_date_followed_by_year_range_shape_is_detected():
    # "010111-2014" has CPR shape and a real date; flagging it is acceptable.
    assert find_cpr("010111-2014") == "010111-2014"


@pytest.mark.parametrize("text", ["", "Almindelig tekst", "tlf. 12 34 56 78"])
def test_validator_accepts_text_without_cpr(text):
    assert validate_no_cpr(text) is None


def test_validator_raises_with_code_cpr():
    with pytest.raises(ValidationError) as excinfo:
        validate_no_cpr("Cpr: 010190-1234")
    assert excinfo.value.code == "cpr"


@pytest.mark.parametrize(
    "text, full, masked",
    [
        ("Cpr: 010190-1234", "010190-1234", "010190-XXXX"),
        ("Cpr: 0707614285", "0707614285", "070761XXXX"),
    ],
)
def test_validator_message_masks_the_number(text, full, masked):
    with pytest.raises(ValidationError) as excinfo:
        validate_no_cpr(text)
    message = excinfo.value.messages[0]
    assert full not in message
    assert masked in message
    assert "CPR-nummer" in message


class GuardedForm(CprGuardMixin, forms.Form):
    name = forms.CharField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    count = forms.IntegerField(required=False)
    password = forms.CharField(required=False, widget=forms.PasswordInput)


@pytest.mark.parametrize("field", ["name", "notes"])
def test_form_with_cpr_in_a_text_field_is_invalid_on_that_field(field):
    form = GuardedForm(data={field: "cpr 010190-1234"})
    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert form.errors.as_data()[field][0].code == "cpr"


def test_form_with_ordinary_text_is_valid():
    form = GuardedForm(data={"name": "Anna", "notes": "Ring på 12 34 56 78", "count": "3"})
    assert form.is_valid(), form.errors


def test_password_field_is_not_guarded():
    form = GuardedForm(data={"password": "010190-1234"})
    assert form.is_valid(), form.errors
    assert validate_no_cpr not in form.fields["password"].validators


def test_non_text_field_is_not_guarded():
    form = GuardedForm()
    assert validate_no_cpr not in form.fields["count"].validators


def test_validator_is_added_once_per_field_across_instances():
    GuardedForm()
    form = GuardedForm()
    assert form.fields["name"].validators.count(validate_no_cpr) == 1
    assert validate_no_cpr not in GuardedForm.base_fields["name"].validators


def test_reinitialising_a_form_does_not_duplicate_the_validator():
    form = GuardedForm()
    CprGuardMixin.__init__(form)
    assert form.fields["notes"].validators.count(validate_no_cpr) == 1
