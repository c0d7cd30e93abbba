"""The Layers API demo's training stopped every way a user can: a double click on Train, Stop
under the editor, the code run again.

One page for the file, loaded anew for each test (`fresh`: the demo keeps nothing in the browser,
and none of these tests edits its code).
"""

import pytest

from regression_support import epochs_seen, fill_long_training, train, wait_done


@pytest.mark.parametrize("clicks", ["dblclick", "two clicks in one task"])
def test_a_double_click_starts_one_training_and_stop_stops_it(shared_app, clicks):
    app = shared_app.open(demo="regression", fresh=True)
    idle = app.num_tensors()
    fill_long_training(app)
    if clicks == "dblclick":
        app.page.dblclick("#regression-train")
    else:
        app.page.evaluate("""() => {
            const train = document.getElementById('regression-train');
            train.click();
            train.click(); }""")
    app.wait_result("regression", "r.status === 'training' && r.epochs_run >= 20")
    seen = epochs_seen(app)
    assert seen == sorted(seen), f"epochs_run went back: two trainings publish at once: {seen}"
    # the buttons follow the one training that runs
    assert app.result("regression")["status"] == "training"
    assert not app.page.is_enabled("#regression-train") and app.page.is_enabled("#regression-stop")

    app.page.click("#regression-stop")
    stopped = wait_done(app)
    assert stopped["status"] == "stopped" and 20 <= stopped["epochs_run"] < 10_000
    assert app.page.is_enabled("#regression-train") and not app.page.is_enabled("#regression-stop")
    app.page.wait_for_timeout(1000)  # nothing else trains on
    assert app.result("regression")["epochs_run"] == stopped["epochs_run"]
    assert app.num_tensors() == idle + 3  # the one model kept (kernel, bias, SGD's rate)


def test_stop_under_the_editor_ends_the_training_and_frees_its_model(shared_app):
    app = shared_app.open(demo="regression", fresh=True)
    idle = app.num_tensors()
    fill_long_training(app)
    app.page.click("#regression-train")
    app.wait_result("regression", "r.status === 'training' && r.epochs_run >= 5")
    app.page.click("#regression-code-stop")
    app.wait_result("regression", "r.status === 'stopped'")
    app.page.wait_for_function(f"tf.memory().numTensors === {idle}", timeout=15_000)
    # no run of the code handles the form now: neither button pretends to work
    assert not app.page.is_enabled("#regression-train")
    assert not app.page.is_enabled("#regression-stop")
    app.run_code("regression")
    assert app.page.is_enabled("#regression-train")


@pytest.mark.parametrize("button", ["run", "reset"])
def test_running_the_code_again_ends_its_training_cleanly(shared_app, button):
    app = shared_app.open(demo="regression", fresh=True)
    idle = app.num_tensors()
    fill_long_training(app)
    app.page.click("#regression-train")
    app.wait_result("regression", "r.status === 'training' && r.epochs_run >= 5")
    runs = int(app.page.get_attribute("#regression-code", "data-runs"))
    app.page.click(f"#regression-code-{button}")
    app.page.wait_for_function(
        f"Number(document.getElementById('regression-code').dataset.runs) > {runs}")
    # the new run's form works at once, and shows nothing of the old training as current
    assert app.page.is_enabled("#regression-train") and not app.page.is_enabled("#regression-stop")
    assert app.result("regression") == {"status": "ready"}
    assert app.page.text_content("#regression-prediction") == "–"
    # the old training ends, and its model is freed
    app.page.wait_for_function(f"tf.memory().numTensors === {idle}", timeout=15_000)
    app.page.wait_for_timeout(500)
    assert app.result("regression") == {"status": "ready"}  # it published nothing more

    train(app, x="1, 2, 3, 4", y="1, 3, 5, 7", epochs=30)
    assert wait_done(app)["status"] == "trained"
    assert app.num_tensors() == idle + 3
    assert app.page.is_enabled("#regression-train")
