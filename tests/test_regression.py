"""The Layers API demo: a one-unit regression trained in the browser.

One page for the file (`shared_app`), loaded anew for each test that trains or edits the form
(`fresh`): the demo keeps nothing in the browser's storage, so each starts as on a first visit.
"""

import pytest

from regression_support import message_after_click, train, wait_done


def test_defaults_are_the_tutorials(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    assert app.page.input_value("#regression-x") == "1, 2, 3, 4"
    assert app.page.input_value("#regression-y") == "1, 3, 5, 7"
    assert app.page.input_value("#regression-rate") == "0.01"  # what TF.js's 'sgd' means


def test_training_gets_within_one_percent_of_least_squares_and_loss_falls(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    train(app, epochs=5000)
    result = wait_done(app)
    assert result["status"] == "trained"
    assert result["x"] == [1, 2, 3, 4] and result["y"] == [1, 3, 5, 7]
    assert result["epochs"] == 5000 and result["learning_rate"] == 0.01 and result["predict_x"] == 5
    assert result["least_squares"] == pytest.approx(9.0)  # y = 2x - 1 at x = 5
    assert result["prediction"] == pytest.approx(result["least_squares"], rel=0.01)
    assert result["weight"] == pytest.approx(2.0, rel=0.01)
    assert result["bias"] == pytest.approx(-1.0, abs=0.03)
    loss = result["loss"]
    assert len(loss) == 5000
    assert loss[-1] < loss[0] / 100 and loss[-1] < loss[len(loss) // 2]
    # shown to the user, not only published
    assert app.page.text_content("#regression-prediction") == f"{result['prediction']:.4f}"
    assert app.page.text_content("#regression-exact") == "9.0000"
    assert "exact slope 2.0000" in app.page.text_content("#regression-weight")
    # the curve was drawn: the chart canvas has blue pixels
    blue = app.page.evaluate("""() => {
        const c = document.getElementById('regression-chart');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i+2] > 180 && d[i] < 100) n++;
        return n; }""")
    assert blue > 100


def test_stop_stops_training_and_the_page_stays_responsive(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    train(app, epochs=10000)
    app.wait_result("regression", "r.status === 'training' && r.loss.length > 5")
    # responsive while training: another demo's control still answers
    app.page.click("#tab-tensors")
    app.page.wait_for_function("document.documentElement.dataset.demo === 'tensors'")
    app.page.click("#tab-regression")
    app.page.click("#regression-stop")
    result = wait_done(app)
    assert result["status"] == "stopped"
    assert 5 < result["epochs_run"] < 10000
    assert "Stopped after" in app.message("regression")
    assert app.page.is_enabled("#regression-train") and not app.page.is_enabled("#regression-stop")


@pytest.mark.parametrize("fields, expected", [
    ({"x": "1, 2, 3", "y": "1, 3"}, "X has 3 numbers and Y has 2"),
    ({"x": "1", "y": "1"}, "at least two points"),
    ({"x": "1, two, 3"}, "'two' is not a number"),
    ({"epochs": "2.5"}, "Epochs must be a positive whole number"),
    ({"epochs": "0"}, "Epochs must be a positive whole number"),
    ({"epochs": "1000000000"}, "too many"),
    ({"rate": "-0.1"}, "Learning rate must be greater than 0"),
    ({"rate": "abc"}, "Learning rate: 'abc' is not a number"),
    ({"x": "2, 2, 2", "y": "1, 2, 3"}, "All X values are the same"),
    # str.isdigit() accepts "²", which int() refuses: it was a raw ValueError
    ({"epochs": "²"}, "Epochs must be a positive whole number (1 to 10,000); got '²'"),
    ({"predict": "1e300"}, "X to predict: '1e300' is too large"),
    ({"predict": "1, 2"}, "X to predict takes one number"),
    ({"y": "1, 3, 5, " + "9" * 400}, "Y: '9999999999"),
    ({"x": "1, 2, 3, 1e39"}, "X: '1e39' is too large"),
    ({"rate": "1e-50"}, "Learning rate: '1e-50' is too small"),
])
def test_bad_input_gets_a_clear_message(shared_app, fields, expected):
    app = shared_app.open(demo="regression")  # each case ends trained again: one page for all
    train(app, **fields)
    app.page.wait_for_selector("#regression-message.error", state="visible")
    message = app.message("regression")
    assert expected in message
    assert "Error" not in message and len(message) < 300  # no raw exception, no 400 digits
    assert "Traceback" not in app.page.text_content("body")
    assert app.page.evaluate("document.documentElement.scrollWidth") <= 1280
    # the page still trains with good input
    train(app, x="1, 2, 3, 4", y="1, 3, 5, 7", epochs=20, rate=0.01, predict=5)
    assert wait_done(app)["status"] == "trained"


def test_a_diverging_learning_rate_is_detected_and_said(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    train(app, epochs=500, rate=5)
    result = wait_done(app)
    assert result["status"] == "diverged"
    assert result["prediction"] is None
    message = app.message("regression")
    assert "diverged" in message and "too large" in message
    assert app.page.text_content("#regression-prediction") in ("–", "")


def test_training_again_leaks_no_tensors(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    before = app.num_tensors()
    for _run in range(5):
        train(app, epochs=30)
        app.wait_result("regression", "r.status === 'trained' && r.loss.length === 30")
        app.page.evaluate("document.getElementById('regression-result').textContent = ''")
    # the last model stays alive (kernel, bias, and SGD's learning-rate scalar); nothing else accumulates
    after_five = app.num_tensors()
    train(app, epochs=30)
    app.wait_result("regression", "r.status === 'trained'")
    assert app.num_tensors() == after_five
    assert after_five - before == 3


def test_a_million_numbers_are_refused_at_once(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    app.page.fill("#regression-x", ", ".join(["1.5"] * 1_000_000))
    message_after_click(app, "regression", "#regression-train")
    assert "X has 1,000,000 numbers: this field takes up to 10,000." in app.message("regression")


def test_a_huge_prediction_is_shown_readably(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    train(app, epochs=300, predict="1e30")
    result = wait_done(app)
    assert result["status"] == "trained" and 1e30 < result["prediction"] < 3e30
    shown = app.page.text_content("#regression-prediction")
    assert "e+30" in shown and len(shown) < 15
    message = app.message("regression")
    assert "X = 1.00e+30" in message and "% apart" in message and "inf" not in message
    assert app.page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_a_prediction_beyond_32_bit_floats_is_said(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    train(app, epochs=300, predict="3e38")  # about 6e38 on the line: no float32 holds it
    result = wait_done(app)
    assert result["status"] == "trained"
    message = app.message("regression")
    assert "beyond what 32-bit floats hold" in message and "inf% apart" not in message
    assert app.page.evaluate("document.documentElement.scrollWidth") <= 1280


# --- why training failed, and what is shown after -------------------------------------------
def test_divergence_from_the_scale_of_the_data_blames_the_data(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    train(app, epochs=50)
    assert wait_done(app)["epochs_run"] == 50  # an earlier run, whose count must not show
    app.page.evaluate("document.getElementById('regression-result').textContent = ''")
    train(app, x="1, 2, 3", y="1e20, 2e20, 3e20", rate=0.01, epochs=200)
    result = wait_done(app)
    assert result["status"] == "diverged"
    assert 1 <= result["epochs_run"] == len(result["loss"]) < 50
    message = app.message("regression")
    assert "scale" in message and "Normalise" in message
    assert "0.01 is too large" not in message and "Try 0.01" not in message


@pytest.mark.parametrize("rate, suggested", [("5", "Try 0.06"), ("0.2", "Try 0.06")])
def test_a_learning_rate_too_large_gets_a_smaller_suggestion(shared_app, rate, suggested):
    app = shared_app.open(demo="regression", fresh=True)
    train(app, epochs=500, rate=rate)
    result = wait_done(app)
    assert result["status"] == "diverged" and result["epochs_run"] == len(result["loss"])
    message = app.message("regression")
    assert f"The learning rate {rate} is too large" in message and suggested in message
    assert "about 0.12" in message  # 2 / the loss's largest curvature, for X = 1, 2, 3, 4


def test_after_bad_input_nothing_of_the_last_training_is_shown(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    train(app, epochs=100)
    assert wait_done(app)["status"] == "trained"
    assert app.page.text_content("#regression-prediction") != "–"
    train(app, epochs="many")
    app.page.wait_for_selector("#regression-message.error", state="visible")
    for field in ("prediction", "exact", "weight", "bias"):
        assert app.page.text_content(f"#regression-{field}") == "–", field
    result = app.result("regression")
    assert result["status"] == "error" and "Epochs" in result["error"]
    assert "prediction" not in result and "loss" not in result
    blank = app.page.evaluate("""() => {
        const c = document.getElementById('regression-chart');
        return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.every(v => v === 0); }""")
    assert blank, "the last training's loss curve is still drawn"
