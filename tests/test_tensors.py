"""The Core API demo and its playground, in a real Chromium."""

import json

import numpy as np
import pytest


@pytest.fixture
def app(shared_app):
    """One page for the whole file: each test leaves the Core API tab as it found it."""
    return shared_app


def test_tutorial_tensors_are_computed_and_shown(app):
    app.open()
    result = app.result("tensors")
    assert result["a"] == [1, 2, 3, 4]
    assert result["b"] == [10, 20, 30, 40]
    assert result["add"] == [11, 22, 33, 44]
    assert result["mul"] == [10, 40, 90, 160]
    # shown in the page as TensorFlow.js prints a tensor, not only published
    blocks = app.page.locator("#tensors-output figure")
    assert blocks.count() == 4
    add_block = blocks.filter(has_text="a.add(b)").locator("pre").text_content()
    assert add_block.split() == ["Tensor", "[11,", "22,", "33,", "44]"]
    assert "[10, 40, 90, 160]" in blocks.filter(has_text="a.mul(b)").text_content()


def compute(app, a: str, op: str, b: str):
    app.page.fill("#tensors-a", a)
    app.page.fill("#tensors-b", b)
    app.page.select_option("#tensors-op", op)
    app.page.click("#tensors-run")


@pytest.mark.parametrize("a, op, b, shape, values", [
    ("[[1, 2], [3, 4]]", "matMul", "[[5, 6], [7, 8]]", [2, 2], [[19, 22], [43, 50]]),
    ("[1, 2, 3]", "sub", "[3, 2, 1]", [3], [-2, 0, 2]),
    ("[[1, 2], [3, 4]]", "mul", "10", [2, 2], [[10, 20], [30, 40]]),  # broadcasting a scalar
    ("[1, 2, 3]", "dot", "[4, 5, 6]", [], 32),
    ("[1, -2]", "div", "[0, 4]", [2], ["Infinity", -0.5]),
])
def test_playground_computes_with_shape(app, a, op, b, shape, values):
    app.open()
    compute(app, a, op, b)
    result = app.wait_result("tensors", f"r.playground.operation === '{op}' && "
                                        f"JSON.stringify(r.playground.b) === JSON.stringify({b})")
    assert result["playground"]["shape"] == shape
    assert result["playground"]["result"] == values
    output = app.page.text_content("#tensors-playground-output")
    assert f"tf.{op}(A, B)" in output and f"shape {shape}" in output
    assert app.message("tensors") == ""


BAD_INPUT = [
    ("[1, 2, x]", "add", "[1, 2, 3]", "'x' is not a number"),
    ("", "add", "[1]", "A is empty"),
    ("[[1, 2], [3]]", "add", "[1, 2]", "rows have different lengths"),
    ("[1, 2, 3]", "add", "[1, 2]", "don't fit for add"),
    ("[[1, 2, 3], [4, 5, 6]]", "matMul", "[[1, 2], [3, 4]]", "A's columns (3) must equal B's rows (2)"),
    ("[1, 2]", "matMul", "[1, 2]", "matMul needs two 2-D tensors"),
    ("[1, 2", "add", "[1, 2]", "is not a tensor"),
    # a 400-digit integer was blamed on TensorFlow.js ("int too large to convert to float")
    ("[1, " + "7" * 400 + "]", "add", "[1, 2]", "A: '777777777777777777"),
    ("[1, 2]", "mul", "[1e39, 2]", "B: '1e39' is too large: TensorFlow.js computes with 32-bit"),
    ("[1e400]", "pow", "[0]", "A: '1e400' is too large"),  # was Infinity: pow(1, ±inf) differs by backend
    ("[1, 1e-50]", "add", "[1, 2]", "A: '1e-50' is too small"),
]


@pytest.mark.parametrize("a, op, b, expected", BAD_INPUT)
def test_bad_input_gives_a_clear_message_and_the_page_keeps_working(app, a, op, b, expected):
    app.open()
    compute(app, a, op, b)
    app.page.wait_for_selector("#tensors-message.error", state="visible")
    message = app.message("tensors")
    assert expected in message
    assert "TensorFlow.js could not" not in message and len(message) < 300
    assert "Traceback" not in app.page.text_content("body")
    assert expected in app.result("tensors")["playground"]["error"]
    # the result of the playground's earlier input is not left on show as if it were this one's
    assert app.page.text_content("#tensors-playground-output") == ""
    # the same page still computes, and the message goes away
    compute(app, "[1, 2]", "add", "[3, 4]")
    result = app.wait_result("tensors", "r.playground.result !== undefined")
    assert result["playground"]["result"] == [4, 6]
    assert app.message("tensors") == ""


def test_a_million_numbers_are_refused_before_they_are_parsed(app):
    app.open()
    app.page.fill("#tensors-a", "[" + ", ".join(["1.5"] * 1_000_000) + "]")
    # "about": the size is estimated from the text, never parsed (how fast: the bench's job)
    app.page.click("#tensors-run")
    app.page.wait_for_function(
        "document.getElementById('tensors-message').textContent.includes('1,000,000')", timeout=60_000)
    assert "A has about 1,000,000 numbers" in app.message("tensors")


def test_playground_leaks_no_tensors(app):
    app.open()
    compute(app, "[1, 2]", "add", "[3, 4]")
    app.wait_result("tensors", "r.playground.result !== undefined")
    before = app.num_tensors()
    for i in range(10):
        compute(app, f"[{i}, 2]", "mul", "[3, 4]")
        app.wait_result("tensors", f"r.playground.result && r.playground.result[0] === {3 * i}")
        compute(app, "[1, 2, 3]", "add", "[1, 2]")  # an error path too
        app.wait_result("tensors", "r.playground.error !== undefined")
    assert app.num_tensors() == before


# --- the wasm backend beyond 6 dimensions ---------------------------------------------------
# Add, sub, mul, div and squaredDifference go to XNNPACK on wasm, which takes at most 6
# dimensions: with 7 or more, before js/wasm_ranks.js, the page showed zeros or garbage.
# These are the ops and shapes where wasm disagreed with the cpu backend (every other
# op, rank 0 to 9 and broadcast shape of the playground agreed).
RANK_7_OPS = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
              "squaredDifference": lambda a, b: np.square(a - b)}
HIGH_RANK_SHAPES = [
    ([1, 1, 1, 1, 1, 1, 2], [1, 1, 1, 1, 1, 1, 2]),   # the report's [[[[[[[1, 2]]]]]]]
    ([], [1, 1, 1, 1, 1, 1, 1, 3]),                    # a scalar with rank 8
    ([2, 1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2, 1]),    # broadcast along every other dimension
    ([3, 1, 1, 1, 1, 1, 2, 1], [2, 2]),                # rank 8 with rank 2
]


def tensor_text(shape, start):
    values = np.arange(start, start + int(np.prod(shape, dtype=int)), dtype=np.float32)
    values[::3] *= -1.5
    return values.reshape(shape)


@pytest.mark.parametrize("op", RANK_7_OPS)
def test_ops_beyond_six_dimensions_are_right_on_wasm(app, op):
    app.open()
    assert app.page.evaluate("tf.getBackend()") == "wasm"
    for shape_a, shape_b in HIGH_RANK_SHAPES:
        a, b = tensor_text(shape_a, 1), tensor_text(shape_b, 10)
        text_a, text_b = json.dumps(a.tolist()), json.dumps(b.tolist())
        compute(app, text_a, op, text_b)
        result = app.wait_result("tensors", f"r.playground.operation === '{op}' && "
                                            f"JSON.stringify(r.playground.a) === JSON.stringify({text_a}) && "
                                            f"JSON.stringify(r.playground.b) === JSON.stringify({text_b})")
        expected = RANK_7_OPS[op](a, b).astype(np.float32)
        playground = result["playground"]
        assert playground["shape"] == list(expected.shape), (shape_a, shape_b)
        got = np.array(playground["result"], dtype=np.float32)
        np.testing.assert_allclose(got, expected, rtol=1e-6, err_msg=f"{op} {shape_a} {shape_b}")
        assert app.message("tensors") == ""
