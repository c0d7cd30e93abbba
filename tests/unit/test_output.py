"""lab's bounded console output: a print() flood keeps the last lines and counts the rest."""

from lab.core.output import MAX_CHARS, OutputBuffer, clip


def test_a_few_lines_are_shown_at_once():
    buffer = OutputBuffer(keep=5, burst=3)
    assert [buffer.add(f"{n}\n") for n in range(3)] == [True, True, True]
    assert buffer.held == 0


def test_past_the_burst_lines_are_held_and_only_the_newest_kept():
    buffer = OutputBuffer(keep=5, burst=3)
    shown = [n for n in range(100) if buffer.add(f"{n}\n", "out")]
    assert shown == [0, 1, 2]
    lines, dropped = buffer.take()
    assert [text for text, _ in lines] == [f"{n}\n" for n in range(95, 100)]
    assert dropped == 100 - 3 - 5


def test_after_a_flush_lines_are_shown_at_once_again():
    buffer = OutputBuffer(keep=5, burst=2)
    for n in range(10):
        buffer.add(f"{n}\n")
    buffer.take()
    assert buffer.add("again\n") is True
    assert buffer.take() == ([], 0)


def test_held_lines_keep_their_kind():
    buffer = OutputBuffer(keep=5, burst=0)
    buffer.add("print\n", "out")
    buffer.add("Traceback\n", "error")
    assert buffer.take()[0] == [("print\n", "out"), ("Traceback\n", "error")]


def test_a_huge_print_is_cut_and_says_how_much():
    text = "x" * (MAX_CHARS + 1234)
    cut = clip(text)
    assert cut.startswith("x" * MAX_CHARS) and "1,234 more characters not shown" in cut
    assert clip("short\n") == "short\n"
