"""The form readers on their own, outside the browser: lab.inputs.forms and lab.inputs.tensor_input.

Both are plain Python (no `js`). The page's own tests (test_regression.py, test_tensors.py) show
the same messages in the real page.
"""

import pytest

from lab.inputs import forms, tensor_input


def message(call, *args, **kwargs) -> str:
    with pytest.raises(forms.InputError) as raised:
        call(*args, **kwargs)
    return str(raised.value)


# --- whole numbers ----------------------------------------------------------------------
@pytest.mark.parametrize("text", ["²", "１２", "2.5", "0", "", "-3", "1e3", "٣"])
def test_epochs_that_are_not_plain_whole_numbers_get_a_message_naming_the_field(text):
    text_shown = message(forms.whole_number, text, "Epochs", most=10_000)
    assert text_shown.startswith("Epochs must be a positive whole number (1 to 10,000)")


def test_epochs_in_other_digits_say_to_type_0_to_9():
    assert "digits 0-9" in message(forms.whole_number, "²", "Epochs", most=10_000)


@pytest.mark.parametrize("text, value", [("200", 200), (" 42 ", 42), ("1,500", 1500), ("007", 7)])
def test_epochs_read(text, value):
    assert forms.whole_number(text, "Epochs", most=10_000) == value


def test_a_400_digit_epoch_count_is_too_many_and_not_printed_in_full():
    text = message(forms.whole_number, "9" * 400, "Epochs", most=10_000)
    assert "too many" in text and "400-digit" in text and "9" * 40 not in text


# --- numbers ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, why", [
    ("1e300", "too large"), pytest.param("9" * 400, "too large", id="400 digits"),
    ("1e39", "too large"), ("-1e39", "too large"),
    ("1e-50", "too small"), ("inf", "not a finite number"), ("nan", "not a number"),
])
def test_numbers_a_32_bit_float_cannot_hold_are_refused_by_name(text, why):
    shown = message(forms.numbers, f"1, {text}", "Y")
    assert shown.startswith("Y: ") and why in shown
    assert len(shown) < 200  # a 400-digit number is shortened, not printed whole


def test_the_largest_float32_is_accepted():
    assert forms.numbers("3.4e38, -3.4e38, 1.5e-45", "X") == [3.4e38, -3.4e38, 1.5e-45]


def test_a_million_numbers_are_counted_before_they_are_read(monkeypatch):
    text = ", ".join(["1.5"] * 1_000_000)

    def never(*args, **kwargs):
        raise AssertionError("read: the count should have refused them first")

    monkeypatch.setattr(forms, "_number", never)
    shown = message(forms.numbers, text, "X", most=10_000)
    assert shown == "X has 1,000,000 numbers: this field takes up to 10,000."


def test_one_number_means_one():
    assert forms.number(" 5 ", "X to predict") == 5.0
    assert "takes one number" in message(forms.number, "1, 2", "X to predict")
    assert "X to predict is empty" in message(forms.number, "  ", "X to predict")
    assert "too large" in message(forms.number, "1e300", "X to predict")


@pytest.mark.parametrize("value, shown", [
    (9.0, "9.0000"), (-0.00125, "-0.0013"), (0.0, "0.0000"), (123456.7, "123456.7000"),
    (1e300, "1.0000e+300"), (2.5e-7, "2.5000e-07"), (float("inf"), "infinity"),
])
def test_readable_numbers_never_run_to_hundreds_of_digits(value, shown):
    assert forms.readable(value) == shown


# --- tensors --------------------------------------------------------------------------------
def test_a_400_digit_integer_is_blamed_on_the_input_not_on_tensorflow():
    shown = message(tensor_input.parse_tensor, f"[1, {'1' * 400}]", "A")
    assert shown.startswith("A: ") and "too large" in shown and "32-bit" in shown
    assert "int too large to convert to float" not in shown and len(shown) < 200


@pytest.mark.parametrize("text, why", [
    ("[1, 1e400]", "'1e400' is too large"), ("[-1e400]", "'-1e400' is too large"),
    ("[1e-50]", "too small"), ("[NaN]", "'NaN' is not a number"), ("[true]", "'true' is not a number"),
    pytest.param("[" + "1" * 5000 + "]", "thousands of digits", id="5000 digits"),
    pytest.param("[" * 300 + "1" + "]" * 300 + " + 1", "deeply", id="300 levels"),
])
def test_tensor_numbers_a_32_bit_float_cannot_hold_are_refused(text, why):
    shown = message(tensor_input.parse_tensor, text, "A")
    assert why in shown and shown.startswith("A")


def test_a_million_numbers_in_a_tensor_are_counted_before_parsing(monkeypatch):
    text = "[" + ", ".join(["1.5"] * 1_000_000) + "]"

    def never(*args, **kwargs):
        raise AssertionError("parsed: the count should have refused it first")

    monkeypatch.setattr(tensor_input, "loads", never)  # lab.core.safe_json.loads
    monkeypatch.setattr(tensor_input.ast, "parse", never)
    shown = message(tensor_input.parse_tensor, text, "A")
    assert "A has about 1,000,000 numbers" in shown and "up to 100,000" in shown


def test_tensors_read_as_before():
    assert tensor_input.parse_tensor("[[1, 2], [3, 4]]", "A") == ([[1.0, 2.0], [3.0, 4.0]], [2, 2])
    assert tensor_input.parse_tensor("[1, 2,]", "A") == ([1.0, 2.0], [2])
    assert tensor_input.parse_tensor("(-1, +2.5)", "B") == ([-1.0, 2.5], [2])
    assert tensor_input.parse_tensor("7", "B") == (7.0, [])
    assert tensor_input.parse_tensor("[3.4e38]", "A") == ([3.4e38], [1])
