"""Read numbers from the page's form fields, with messages a user can act on.

    from lab.forms import InputError, numbers, whole_number, positive_number

    x = numbers("1, 2, 3, 4", "X")                     # [1.0, 2.0, 3.0, 4.0]
    epochs = whole_number("200", "Epochs", most=10_000)
    rate = positive_number("0.01", "Learning rate")

Each raises `InputError` whose text names the field, says what is wrong and
what to type instead.
"""

import math


class InputError(ValueError):
    """Input the user can fix; the text says how."""


def _number(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{name}: {text!r} is not a number.") from None
    if not math.isfinite(value):
        raise InputError(f"{name}: {text!r} is not a finite number.")
    return value


def numbers(text: str, name: str) -> list[float]:
    """A list of numbers written as `1, 2, 3` or `[1, 2, 3]` (spaces also separate)."""
    cleaned = text.strip().removeprefix("[").removesuffix("]").replace(",", " ")
    parts = cleaned.split()
    if not parts:
        raise InputError(f"{name} is empty: type numbers separated by commas, like 1, 2, 3, 4.")
    return [_number(part, name) for part in parts]


def whole_number(text: str, name: str, most: int) -> int:
    value = text.strip()
    if not value.isdigit() or int(value) < 1:
        raise InputError(f"{name} must be a positive whole number (1 to {most:,}); got {text!r}.")
    if int(value) > most:
        raise InputError(f"{name}: {int(value):,} is too many; use at most {most:,}.")
    return int(value)


def positive_number(text: str, name: str) -> float:
    value = _number(text.strip(), name)
    if value <= 0:
        raise InputError(f"{name} must be greater than 0; got {text.strip()!r}.")
    return value
