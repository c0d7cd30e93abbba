"""The runner's messages and tracebacks, for errors made on purpose in a demo script."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from lab.core import guard
from lab.core.runner import (
    NotInThePage,
    describe,
    error_line,
    format_error,
    page_builtins,
    run_script,
    shipped_source,
)


def run(source: str, name: str = "tensors", printed=None):
    print_ = (printed.append if printed is not None else lambda *a, **k: None)
    script = run_script(name, source, print=lambda *v, **k: print_(" ".join(map(str, v))))
    # in a thread of its own: a test worker that ran a browser test before has Playwright's
    # event loop running in this one, where asyncio.run() refuses to start
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, script).result()


def failure(source: str) -> BaseException:
    with pytest.raises(BaseException) as raised:
        run(source)
    return raised.value


def test_an_error_names_the_scripts_own_line_and_the_traceback_only_its_frames():
    error = failure("x = 1\ny = [][3]\n")
    assert error_line(error, "tensors") == 2
    text = format_error(error, "tensors")
    assert 'File "tensors.py", line 2' in text and "runner.py" not in text
    assert describe(error, "tensors", "Your edited code") == (
        "Your edited code stopped with IndexError at line 2 of tensors.py: list index out of range.")


def test_a_syntax_error_shows_no_frame_of_the_app():
    error = failure("x = 1\ndef broken(:\n")
    assert isinstance(error, SyntaxError) and error_line(error, "tensors") == 2
    text = format_error(error, "tensors")
    assert 'File "tensors.py", line 2' in text and "Traceback" not in text


def test_exit_and_keyboard_interrupt_say_what_happened():
    assert "called exit(3) at line 2" in describe(failure("import sys\nsys.exit(3)\n"), "tensors", "X")
    assert "called exit() at line 1" in describe(failure("exit()\n"), "tensors", "X")
    assert "raised KeyboardInterrupt at line 1" in describe(
        failure("raise KeyboardInterrupt\n"), "tensors", "X")


def test_a_runaway_says_how_long_and_what_to_do():
    error = guard.Runaway(7, "tensors.py", guard.LIMIT)
    text = describe(error, "tensors", "Your edited code")
    assert text.startswith(f"Your edited code kept the page busy for over {guard.LIMIT:.0f} s")
    assert "at line 7 of tensors.py" in text and "await asyncio.sleep(0)" in text
    assert error_line(error, "tensors") == 7


def test_input_says_it_cannot_work_and_help_prints_to_the_panel():
    printed = []
    builtins = page_builtins(printed.append)
    with pytest.raises(NotInThePage, match="input\\(\\) cannot work in the page"):
        builtins["input"]("name? ")
    builtins["help"](len)
    assert "Return the number of items" in printed[0]


def test_scripts_may_await_at_top_level_and_print_where_they_are_told():
    printed = []
    namespace = run("import asyncio\nawait asyncio.sleep(0)\nprint('done', 42)\n", printed=printed)
    assert printed == ["done 42"] and namespace["__file__"] == "tensors.py"


def test_each_shipped_demo_compiles():
    for name in ("tensors", "regression", "classify", "pose"):
        compile(shipped_source(name), f"{name}.py", "exec", flags=0x2000)  # top-level await
