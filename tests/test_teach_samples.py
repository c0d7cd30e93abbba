"""The teach demo's dataset and training controls, in a real Chromium: the samples kept over a
reload, downloaded and loaded back (a file of another kind or not JSON refused), a sample
removed; a training that diverges, Stop, the controls that end a training, and the two modes.
"""

import json

import pytest

from teach_support import (
    READY,
    predicted,
    start_training,
    teach_cat_and_rocket,
    training_ended,
)


@pytest.mark.camera("chelsea")
def test_the_dataset_is_kept_downloaded_and_loaded_and_edits_training_and_modes_behave(
        app, tmp_path):
    teach_cat_and_rocket(app)
    counts = [c["samples"] for c in app.result("teach")["classes"]]
    app.page.reload()
    app.wait_ready()
    kept = app.wait_result("teach", READY, timeout=120_000)
    assert [c["name"] for c in kept["classes"]] == ["cat", "rocket"]
    assert [c["samples"] for c in kept["classes"]] == counts

    with app.page.expect_download() as download:
        app.page.click("#teach-download")
    saved = tmp_path / "teach-images.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text())["mode"] == "images"

    app.page.once("dialog", lambda dialog: dialog.accept())
    app.page.click("#teach-clear")
    cleared = app.wait_result("teach", "r.classes.every(c => c.samples === 0)")
    assert cleared["prediction"] is None
    app.page.set_input_files("#teach-load", str(saved))
    loaded = app.wait_result("teach", "r.classes[0].samples > 0")
    assert [c["samples"] for c in loaded["classes"]] == counts
    predicted(app, "cat")

    # a file of another kind is refused, and the samples stay
    foreign = tmp_path / "poses.json"
    foreign.write_text(saved.read_text().replace('"mode":"images"', '"mode":"poses"'))
    app.page.set_input_files("#teach-load", str(foreign))
    app.page.wait_for_selector("#teach-message.error", state="visible")
    assert "holds pose keypoints" in app.message("teach") and "as they were" in app.message("teach")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    app.page.set_input_files("#teach-load", str(broken))
    app.page.wait_for_function("document.querySelector('#teach-message').textContent"
                               ".includes('not JSON')")
    assert [c["samples"] for c in app.result("teach")["classes"]] == counts

    # a thumbnail pressed removes its sample
    recorded = app.result("teach")["classes"][0]["samples"]
    app.page.locator(".teach-class").nth(0).locator(".teach-thumb").first.click()
    app.wait_result("teach", f"r.classes[0].samples === {recorded - 1}")

    # a training that diverges says so and what to change, and kNN goes on predicting
    untrained = app.wait_result("teach", f"r.frame > {app.result('teach')['frame']}")
    app.page.fill("#teach-rate", "1e30")
    app.page.click("#teach-train")
    app.page.wait_for_function("document.querySelector('#teach-message').textContent"
                               ".includes('diverged')", timeout=60_000)
    assert "Training diverged" in app.message("teach") and "Try 0.001" in app.message("teach")
    result = app.wait_result("teach", f"r.frame > {app.result('teach')['frame']}")
    assert result["method"] == "knn" and not result["trained"]
    assert all(isinstance(c, float | int) for c in result["prediction"]["confidences"].values())
    app.page.fill("#teach-rate", "0.001")

    # Stop ends a long training after its current epoch, and the network predicts
    app.page.fill("#teach-epochs", "1000")
    start_training(app)
    app.page.click("#teach-stop")
    stopped = app.wait_result("teach", "r.trained", timeout=60_000)
    assert stopped["epochs"] < 1000 and stopped["method"] == "network"

    # back to kNN: the networks and their optimizers' state are freed
    app.page.click("#teach-use-knn")
    before = app.wait_result("teach", f"r.method === 'knn' && r.frame > {app.result('teach')['frame']}")
    assert before["tensors"] == untrained["tensors"]

    # the other controls, pressed while it trains, end the training and say so
    start_training(app)
    app.page.click("#teach-add-class")
    assert "Training stopped" in training_ended(app) and "the classes changed" in app.message("teach")
    app.page.locator(".teach-class .teach-remove").nth(2).click()
    app.wait_result("teach", "r.classes.length === 2 && !r.trained")
    start_training(app)
    app.page.click("#teach-use-knn")
    assert "“Use kNN” was pressed" in training_ended(app)

    # to poses (while a training runs) and back: the other mode's model and samples are freed
    start_training(app)
    app.page.select_option("#teach-mode", "poses")
    assert "switched to learning from poses" in training_ended(app)
    poses = app.wait_result("teach", "r.mode === 'poses' && r.frame >= 1", timeout=120_000)
    assert [c["samples"] for c in poses["classes"]] == [0, 0]
    app.page.select_option("#teach-mode", "images")
    again = app.wait_result("teach", "r.mode === 'images' && r.frame >= 1", timeout=120_000)
    assert [c["samples"] for c in again["classes"]] == [c["samples"] for c in before["classes"]]
    assert app.num_tensors() == before["tensors"]


