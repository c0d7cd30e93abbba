"""Read numbers from the page's form fields, with messages a user can act on.

    from lab.inputs.forms import InputError, number, numbers, whole_number, positive_number, readable

    x = numbers("1, 2, 3, 4", "X")                     # [1.0, 2.0, 3.0, 4.0]
    px = number("5", "X to predict")                   # 5.0
    epochs = whole_number("200", "Epochs", most=10_000)
    rate = positive_number("0.01", "Learning rate")
    readable(1e300)                                    # "1.0000e+300", never 300 digits
    address_text("?pose=" text of 500 characters)      # its first 40, then "…", for a message

Each raises `InputError` whose text names the field, says what is wrong and
what to type instead. Numbers are checked against what TensorFlow.js computes
with, 32-bit floats: a value those cannot hold is refused here rather than
turned silently into Infinity or 0 on the way into a tensor.
"""

import math
import re
import struct

FLOAT32_MAX = 3.4028234663852886e38
# A text this long is refused before it is even split: tens of megabytes of numbers would
# hold the page's only thread.
MAX_TEXT = 20_000_000
_DIGITS = re.compile(r"[0-9]+|[0-9]{1,3}(,[0-9]{3})+")  # 1500 or 1,500 (ASCII digits only)


class InputError(ValueError):
    """Input the user can fix; the text says how."""


def quoted(text: str, most: int = 30) -> str:
    """`text` in quotes for a message, shortened if long: '12345678901234567890…67890' (400 characters)."""
    text = str(text)
    if len(text) <= most:
        return f"'{text}'"
    return f"'{text[:most - 10]}…{text[-5:]}' ({len(text):,} characters)"


def address_text(text, most: int = 40) -> str:
    """Text from the page's address as a message echoes it: at most `most` characters, then "…"
    (an address can carry thousands; a message shows what was asked, not all of it)."""
    text = str(text)
    return text if len(text) <= most else f"{text[:most]}…"


def readable(value: float, digits: int = 4) -> str:
    """A number as people read it: 9.0000, -0.0012, 1.2346e+20 (never hundreds of digits)."""
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "infinity" if value > 0 else "minus infinity"
    if value == 0 or 1e-3 <= abs(value) < 1e6:
        return f"{value:.{digits}f}"
    return f"{value:.{digits}e}"


def float32_problem(value: float) -> str | None:
    """Why `value` cannot go into a tensor (32-bit floats), or None if it can."""
    if math.isnan(value):
        return "is not a number"
    try:
        stored = struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        stored = math.inf
    if math.isinf(stored):
        return ("is too large: TensorFlow.js computes with 32-bit floats, which reach about "
                "±3.4e38")
    if stored == 0 and value != 0:
        return ("is too small: TensorFlow.js computes with 32-bit floats, which would make it 0 "
                "(the smallest they hold is about 1.4e-45)")
    return None


def _number(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{name}: {quoted(text)} is not a number; write one like 2, -0.5 or "
                         "1.5e3.") from None
    if math.isinf(value) and text.strip().lstrip("+-").lower() in ("inf", "infinity"):
        raise InputError(f"{name}: {quoted(text)} is not a finite number; write one like 2, -0.5 "
                         "or 1.5e3.")
    problem = float32_problem(value)
    if problem:
        raise InputError(f"{name}: {quoted(text)} {problem}.")
    return value


def _too_long(text: str, name: str):
    if len(text) > MAX_TEXT:
        raise InputError(f"{name} is {len(text):,} characters long: this field takes up to "
                         f"{MAX_TEXT:,}.")


def numbers(text: str, name: str, most: int = 10_000) -> list[float]:
    """A list of numbers written as `1, 2, 3` or `[1, 2, 3]` (spaces also separate)."""
    _too_long(text, name)
    cleaned = text.strip().removeprefix("[").removesuffix("]").replace(",", " ")
    parts = cleaned.split()
    if not parts:
        raise InputError(f"{name} is empty: type numbers separated by commas, like 1, 2, 3, 4.")
    if len(parts) > most:  # before converting them: that is what takes the time
        raise InputError(f"{name} has {len(parts):,} numbers: this field takes up to {most:,}.")
    return [_number(part, name) for part in parts]


def number(text: str, name: str) -> float:
    """One number."""
    _too_long(text, name)
    value = text.strip()
    if not value:
        raise InputError(f"{name} is empty: type a number, like 5.")
    parts = value.removeprefix("[").removesuffix("]").replace(",", " ").split()
    if len(parts) > 1:
        raise InputError(f"{name} takes one number; got {len(parts):,} ({quoted(value)}).")
    return _number(parts[0], name)


def whole_number(text: str, name: str, most: int) -> int:
    value = text.strip()
    wanted = f"{name} must be a positive whole number (1 to {most:,})"
    if not _DIGITS.fullmatch(value):  # str.isdigit() would let "²" through, which int() refuses
        shown = quoted(value) if value else "nothing"
        hint = (" (type it with the digits 0-9)"
                if any(c.isdigit() and not c.isascii() for c in value) else "")
        raise InputError(f"{wanted}; got {shown}{hint}.")
    digits = value.replace(",", "").lstrip("0") or "0"
    if len(digits) > len(str(most)) or int(digits) > most:
        count = f"{int(digits):,}" if len(digits) <= 30 else f"a {len(digits)}-digit number"
        raise InputError(f"{name}: {count} is too many; use at most {most:,}.")
    if int(digits) < 1:
        raise InputError(f"{wanted}; got {quoted(value)}.")
    return int(digits)


def positive_number(text: str, name: str) -> float:
    value = number(text, name)
    if value <= 0:
        raise InputError(f"{name} must be greater than 0; got {quoted(text.strip())}.")
    return value
