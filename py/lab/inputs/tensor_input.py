"""Read tensors typed by a user, and check that an operation fits them.

    from lab.inputs.tensor_input import parse_tensor, check_operation, InputError

    values, shape = parse_tensor("[[1, 2], [3, 4]]", "A")   # ([[1.0, 2.0], ...], [2, 2])
    check_operation("matMul", [2, 2], [2])                  # raises InputError

Errors are `InputError`s whose text says what is wrong and how to write it
right, ready to show in the page. Numbers must fit TensorFlow.js's 32-bit
floats (see `lab.inputs.forms`), and the size is checked before the text is parsed.
"""

import ast
import re

from lab.core.safe_json import loads
from lab.inputs.forms import MAX_TEXT, InputError, float32_problem, quoted

OPERATIONS = {
    # name: (what it does, kind)
    "add": ("A + B, element by element", "elementwise"),
    "sub": ("A − B, element by element", "elementwise"),
    "mul": ("A × B, element by element", "elementwise"),
    "div": ("A ÷ B, element by element", "elementwise"),
    "pow": ("A to the power B, element by element", "elementwise"),
    "maximum": ("the larger of A and B, element by element", "elementwise"),
    "minimum": ("the smaller of A and B, element by element", "elementwise"),
    "squaredDifference": ("(A − B)², element by element", "elementwise"),
    "matMul": ("matrix product of two 2-D tensors", "matmul"),
    "dot": ("dot product (1-D or 2-D)", "dot"),
}

EXAMPLES = "a number like 3, a list like [1, 2, 3] or a nested list like [[1, 2], [3, 4]]"
MAX_ELEMENTS = 100_000
_TRAILING_COMMA = re.compile(r",\s*[\])]")


def _written(node, source):
    """`node` as the user typed it (1e400, not Python's 1e309): only for messages, it is slow."""
    if node.lineno == node.end_lineno:  # (ast.get_source_segment takes seconds on a long line)
        line = re.split(r"\r\n|\r|\n", source)[node.lineno - 1].encode()
        return line[node.col_offset:node.end_col_offset].decode(errors="replace")
    return ast.unparse(node)


def _number(node, name, source):
    whole = node
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        try:
            value = sign * float(node.value)
        except OverflowError:  # an int with hundreds of digits
            value = sign * float("inf")
        problem = float32_problem(value)
        if problem:
            raise InputError(f"{name}: {quoted(_written(whole, source))} {problem}.")
        return value
    raise InputError(f"{name}: {quoted(_written(whole, source))} is not a number. Write {EXAMPLES}.")


def _values(node, name, source):
    if isinstance(node, (ast.List, ast.Tuple)):
        if not node.elts:
            raise InputError(f"{name} has an empty list: every list needs at least one number.")
        return [_values(item, name, source) for item in node.elts]
    return _number(node, name, source)


def _shape(values, name):
    if not isinstance(values, list):
        return []
    if len({isinstance(item, list) for item in values}) > 1:
        raise InputError(f"{name} mixes numbers and lists at the same level; "
                         "a tensor is rectangular, like [[1, 2], [3, 4]].")
    inner = [_shape(item, name) for item in values]
    if any(shape != inner[0] for shape in inner):
        sizes = sorted({len(row) if isinstance(row, list) else 1 for row in values})
        raise InputError(f"{name}: its rows have different lengths ({', '.join(map(str, sizes))}); "
                         "a tensor is rectangular, every row the same length.")
    return [len(values)] + inner[0]


def _plain(value):
    """JSON-read `value` as nested lists of floats; None if anything needs a message."""
    if isinstance(value, list):
        items = [_plain(item) for item in value]
        return None if not items or any(item is None for item in items) else items
    if type(value) not in (int, float):  # bool, str, dict, null
        return None
    try:
        value = float(value)
    except OverflowError:
        return None
    return None if float32_problem(value) else value


def parse_tensor(text: str, name: str):
    """Parse `text` into (nested list of floats, shape); raise InputError with a clear message."""
    text = text.strip()
    if not text:
        raise InputError(f"{name} is empty: type {EXAMPLES}.")
    # Before parsing, which takes seconds for a million numbers: numbers are one more than
    # the commas between them (not counting a comma before a closing bracket).
    count = text.count(",") + 1 - len(_TRAILING_COMMA.findall(text))
    if count > MAX_ELEMENTS or len(text) > MAX_TEXT:
        raise InputError(f"{name} has about {count:,} numbers ({len(text):,} characters): the "
                         f"playground takes up to {MAX_ELEMENTS:,} numbers.")
    try:  # the usual case, [[1, 2], [3, 4]], is JSON: read many times faster than by ast
        # (its depth bounded first: Python's JSON parser recursing 20,000 deep ends Python)
        values = _plain(loads(text, max_chars=MAX_TEXT, what=name))
    except (ValueError, RecursionError):
        values = None
    if values is not None:
        return _checked(values, name)
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        if "nested" in str(error) or isinstance(error, RecursionError):
            raise InputError(f"{name} nests its lists too deeply to be read (Python's parser "
                             "takes about 200 levels).") from None
        if "digits" in str(error):  # an integer literal of thousands of digits
            raise InputError(f"{name} has a number with thousands of digits: "
                             f"{float32_problem(float('inf'))}.") from None
        raise InputError(f"{name} is not a tensor: {quoted(text)}. Write {EXAMPLES}.") from None
    return _checked(_values(tree.body, name, text), name)


def _checked(values, name):
    shape = _shape(values, name)
    size = 1
    for dim in shape:
        size *= dim
    if size > MAX_ELEMENTS:
        raise InputError(f"{name} has {size:,} numbers: the playground takes up to {MAX_ELEMENTS:,}.")
    return values, shape


def _fmt(shape):
    return "[" + ", ".join(map(str, shape)) + "]" if shape else "a scalar"


def check_operation(operation: str, shape_a, shape_b):
    """Raise InputError unless `operation` can combine tensors of these shapes."""
    if operation not in OPERATIONS:
        raise InputError(f"Unknown operation {operation!r}: choose one of {', '.join(OPERATIONS)}.")
    kind = OPERATIONS[operation][1]
    if kind == "elementwise":
        # numpy-style broadcasting, as TensorFlow.js applies it
        for dim_a, dim_b in zip(reversed(shape_a), reversed(shape_b)):
            if dim_a != dim_b and 1 not in (dim_a, dim_b):
                raise InputError(
                    f"Shapes {_fmt(shape_a)} and {_fmt(shape_b)} don't fit for {operation}: "
                    "element by element, sizes must match (or one be 1), counting from the last.")
    elif kind == "matmul":
        if len(shape_a) != 2 or len(shape_b) != 2:
            raise InputError(f"matMul needs two 2-D tensors (nested lists); got {_fmt(shape_a)} "
                             f"and {_fmt(shape_b)}.")
        if shape_a[1] != shape_b[0]:
            raise InputError(f"matMul: A is {shape_a[0]}×{shape_a[1]} and B is "
                             f"{shape_b[0]}×{shape_b[1]}; A's columns ({shape_a[1]}) must equal "
                             f"B's rows ({shape_b[0]}).")
    elif kind == "dot":
        if not (1 <= len(shape_a) <= 2 and 1 <= len(shape_b) <= 2):
            raise InputError(f"dot needs 1-D or 2-D tensors; got {_fmt(shape_a)} and {_fmt(shape_b)}.")
        if shape_a[-1] != shape_b[0]:
            raise InputError(f"dot: A's last size ({shape_a[-1]}) must equal B's first size "
                             f"({shape_b[0]}); got {_fmt(shape_a)} and {_fmt(shape_b)}.")
