"""The Layers API demo: a one-unit regression trained in the browser."""

import pytest


def train(app, x=None, y=None, epochs=None, rate=None, predict=None):
    for field, value in (("x", x), ("y", y), ("epochs", epochs), ("rate", rate), ("predict", predict)):
        if value is not None:
            app.page.fill(f"#regression-{field}", str(value))
    app.page.click("#regression-train")


def wait_done(app, timeout=120_000):
    return app.wait_result("regression", "r.status && r.status !== 'training'", timeout=timeout)


def test_defaults_are_the_tutorials(app):
    app.open(demo="regression")
    assert app.page.input_value("#regression-x") == "1, 2, 3, 4"
    assert app.page.input_value("#regression-y") == "1, 3, 5, 7"
    assert app.page.input_value("#regression-rate") == "0.01"  # what TF.js's 'sgd' means


def test_training_gets_within_one_percent_of_least_squares_and_loss_falls(app):
    app.open(demo="regression")
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


def test_stop_stops_training_and_the_page_stays_responsive(app):
    app.open(demo="regression")
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
])
def test_bad_input_gets_a_clear_message(app, fields, expected):
    app.open(demo="regression")
    train(app, **fields)
    app.page.wait_for_selector("#regression-message.error", state="visible")
    assert expected in app.message("regression")
    assert "Traceback" not in app.page.text_content("body")
    # the page still trains with good input
    train(app, x="1, 2, 3, 4", y="1, 3, 5, 7", epochs=20, rate=0.01)
    assert wait_done(app)["status"] == "trained"


def test_a_diverging_learning_rate_is_detected_and_said(app):
    app.open(demo="regression")
    train(app, epochs=500, rate=5)
    result = wait_done(app)
    assert result["status"] == "diverged"
    assert result["prediction"] is None
    message = app.message("regression")
    assert "diverged" in message and "too large" in message
    assert app.page.text_content("#regression-prediction") in ("–", "")


def test_training_again_leaks_no_tensors(app):
    app.open(demo="regression")
    before = app.num_tensors()
    for run in range(5):
        train(app, epochs=30)
        app.wait_result("regression", "r.status === 'trained' && r.loss.length === 30")
        app.page.evaluate("document.getElementById('regression-result').textContent = ''")
    # the last model stays alive (kernel, bias, and SGD's learning-rate scalar); nothing else accumulates
    after_five = app.num_tensors()
    train(app, epochs=30)
    app.wait_result("regression", "r.status === 'trained'")
    assert app.num_tensors() == after_five
    assert after_five - before == 3
