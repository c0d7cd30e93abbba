"""lab.core.runner.uses_ml5: the page loads ml5 only for code that uses it."""

from lab.core.runner import uses_ml5


def test_code_that_names_ml5_loads_it():
    assert uses_ml5("from js import ml5\nnn = ml5.neuralNetwork()")
    assert uses_ml5("import js\nnn = js.ml5.neuralNetwork()")
    assert uses_ml5("from js import ml5 as m")
    assert uses_ml5("print(ml5.version)")


def test_words_and_comments_about_ml5_do_not():
    assert not uses_ml5('"""ml5.js loads a classifier"""\nx = 1  # as ml5 does')
    assert not uses_ml5("print('ml5')")
    assert not uses_ml5("x = 1")
    assert not uses_ml5("ml5x = 2\nmy_ml5 = 3")


def test_code_that_does_not_parse_does_not():
    assert not uses_ml5("ml5.neuralNetwork(")
    assert not uses_ml5("ml5\n" + "a." * 100_000 + "b")  # too deep for the parser
