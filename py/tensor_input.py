"""Read tensors typed by a user, and check that an operation fits them.

    from lab.tensor_input import parse_tensor, check_operation, InputError

    values, shape = parse_tensor("[[1, 2], [3, 4]]", "A")   # ([[1.0, 2.0], ...], [2, 2])
    check_operation("matMul", [2, 2], [2])                  # raises InputError

Errors are `InputError`s whose text says what is wrong and how to write it
right, ready to show in the page.
"""

import ast

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


class InputError(ValueError):
    """Input the user can fix; the text says how."""


def _number(node, name):
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return sign * float(node.value)
    text = ast.unparse(node) if isinstance(node, ast.AST) else repr(node)
    raise InputError(f"{name}: {text!r} is not a number. Write {EXAMPLES}.")


def _values(node, name):
    if isinstance(node, (ast.List, ast.Tuple)):
        if not node.elts:
            raise InputError(f"{name} has an empty list: every list needs at least one number.")
        return [_values(item, name) for item in node.elts]
    return _number(node, name)


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


def parse_tensor(text: str, name: str):
    """Parse `text` into (nested list of floats, shape); raise InputError with a clear message."""
    text = text.strip()
    if not text:
        raise InputError(f"{name} is empty: type {EXAMPLES}.")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise InputError(f"{name} is not a tensor: {text!r}. Write {EXAMPLES}.") from None
    values = _values(tree.body, name)
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
