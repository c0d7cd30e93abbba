"""The teach demo in a real Chromium: real models, the fake camera, photos as files.

Image mode learns "cat" from the fake camera (Chelsea the cat) and "rocket" from
the rocket photo shown on the stage, by holding "Hold to record"; pose mode
learns the astronaut and their mirror image from two photo files. With ?worker=1 the
features model runs in a Web Worker and gives the page's vectors.
"""

import json
import math
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from conftest import PHOTOS, ROOT

READY = "r.mode && r.frame >= 1"


def hold_record(app, row: int, samples: int):
    """Hold the row's record button (the mouse) until the class has `samples` samples."""
    button = app.page.locator(".teach-class .teach-record").nth(row)
    button.hover()
    app.page.mouse.down()
    try:
        app.wait_result("teach", f"r.classes[{row}].samples >= {samples}", timeout=120_000)
    finally:
        app.page.mouse.up()
    return app.wait_result("teach", "r.recording === null")


def name_class(app, row: int, name: str):
    field = app.page.locator(".teach-class .teach-name").nth(row)
    field.fill(name)
    field.press("Tab")  # "change" fires when the field is left
    app.wait_result("teach", f"r.classes[{row}].name === {json.dumps(name)}")


def show_photo(app, path):
    app.page.set_input_files("#teach-file", str(path))


def predicted(app, label: str, timeout: int = 60_000) -> dict:
    return app.wait_result("teach", f"r.prediction && r.prediction.label === {json.dumps(label)}",
                           timeout=timeout)


def add_photo(app, row: int, path, samples: int) -> dict:
    """Add the photo file to the row's class; the result once the class has `samples`."""
    app.page.locator(".teach-class .teach-files").nth(row).set_input_files(str(path))
    return app.wait_result("teach", f"r.classes[{row}].samples === {samples}", timeout=60_000)


def start_training(app):
    """Train (the epochs as set) until the second epoch has ended."""
    app.page.click("#teach-train")
    # "Epoch 2 of …" lasts one epoch, which a poll may miss: any epoch past the first will do
    app.page.wait_for_function("(/^Epoch (\\d+) of/.exec(document.querySelector('#teach-train-status')"
                               ".textContent) || [0, 0])[1] >= 2", timeout=120_000)


def training_ended(app) -> str:
    """The message once a training ended before its last epoch."""
    app.page.wait_for_function("document.querySelector('#teach-train-status').textContent"
                               ".includes('stopped')", timeout=60_000)
    return app.message("teach")


def downloaded_dataset(app) -> dict:
    """The samples as "Download dataset" saves them."""
    with app.page.expect_download() as download:
        app.page.click("#teach-download")
    return json.loads(Path(download.value.path()).read_text())


def cosine(a: list, b: list) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    return dot / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def teach_cat_and_rocket(app, query: str = ""):
    """The teach demo with "cat" (the camera) and "rocket" (a photo) recorded, kNN predicting."""
    app.open(demo="teach", query=query)
    app.wait_result("teach", READY, timeout=120_000)
    name_class(app, 0, "cat")
    name_class(app, 1, "rocket")
    hold_record(app, 0, 8)
    show_photo(app, PHOTOS / "rocket.png")
    app.wait_result("teach", "r.source === 'image'")
    hold_record(app, 1, 8)
    return app


@pytest.mark.camera("chelsea")
def test_images_are_told_apart_by_knn_then_a_network_whose_export_the_classify_demo_loads(app):
    teach_cat_and_rocket(app)
    result = predicted(app, "rocket")            # the rocket photo is on the stage
    assert result["method"] == "knn" and result["prediction"]["confidences"]["rocket"] > 0.5
    assert len(app.page.locator(".teach-class").nth(0).locator(".teach-thumb img").all()) > 0
    app.page.click("#teach-camera")               # back to the camera: the cat
    result = predicted(app, "cat")
    assert result["source"] == "camera"

    # a small network on the same samples, tested on the held-back share
    app.page.fill("#teach-epochs", "30")
    app.page.click("#teach-train")
    result = app.wait_result("teach", "r.trained && r.method === 'network'", timeout=120_000)
    assert result["accuracy"] == 1.0
    assert "right on the held-back samples" in app.message("teach")
    assert app.page.locator("#teach-confusion canvas, #teach-confusion svg").count() > 0
    result = predicted(app, "cat")
    assert result["method"] == "network"
    show_photo(app, PHOTOS / "rocket.png")
    predicted(app, "rocket")

    # recording and predicting leave no tensors behind
    before = app.wait_result("teach", "r.frame >= 1")
    app.page.click("#teach-camera")
    start = app.wait_result("teach", "r.source === 'camera'")["frame"]
    after = app.wait_result("teach", f"r.frame >= {start + 20}", timeout=90_000)
    hold_record(app, 0, after["classes"][0]["samples"] + 5)
    end = app.wait_result("teach", f"r.frame >= {app.result('teach')['frame'] + 10}", timeout=90_000)
    assert end["tensors"] == before["tensors"]

    # the exported model: the classify demo loads it and gives the taught labels
    folder = ROOT / "test-results" / "exported-teach-model"
    folder.mkdir(parents=True, exist_ok=True)
    downloads = []
    app.page.on("download", lambda download: downloads.append(download))
    app.page.click("#teach-export")
    for _ in range(100):
        if len(downloads) >= 3:
            break
        app.page.wait_for_timeout(200)
    names = set()
    for download in downloads:
        download.save_as(folder / download.suggested_filename)
        names.add(download.suggested_filename)
    assert names == {"model.json", "model.weights.bin", "metadata.json"}
    assert json.loads((folder / "metadata.json").read_text())["labels"] == ["cat", "rocket"]

    app.open(demo="classify", query="model=test-results/exported-teach-model/model.json")
    result = app.wait_result("classify", "r.status === 'running' && r.frames >= 1", timeout=120_000)
    assert result["top"][0]["label"] == "cat"
    assert {entry["label"] for entry in result["top"]} == {"cat", "rocket"}


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


@pytest.mark.camera("astronaut_640x480")
def test_poses_from_two_photos_are_told_apart_wherever_the_person_is(app, tmp_path):
    photo = Image.open(PHOTOS / "astronaut_640x480.png").convert("RGB")
    mirrored = tmp_path / "mirrored.png"
    ImageOps.mirror(photo).save(mirrored)
    upright = tmp_path / "upright.png"
    photo.save(upright)
    app.open(demo="teach")
    app.wait_result("teach", READY, timeout=120_000)
    app.page.select_option("#teach-mode", "poses")
    shown = app.wait_result("teach", "r.mode === 'poses' && r.frame >= 1", timeout=120_000)
    assert shown["backend_choice"]["chosen"] == "wasm"  # as every camera demo publishes it
    name_class(app, 0, "as is")
    name_class(app, 1, "mirrored")
    app.page.locator(".teach-class .teach-files").nth(0).set_input_files(str(upright))
    app.wait_result("teach", "r.classes[0].samples === 1", timeout=60_000)
    app.page.locator(".teach-class .teach-files").nth(1).set_input_files(str(mirrored))
    app.wait_result("teach", "r.classes[1].samples === 1", timeout=60_000)
    predicted(app, "as is")                       # the camera shows the astronaut as is
    show_photo(app, mirrored)
    predicted(app, "mirrored")

    # a photo without a person adds nothing, and says so
    app.page.locator(".teach-class .teach-files").nth(0).set_input_files(str(PHOTOS / "coffee.png"))
    app.page.wait_for_function("document.querySelector('#teach-message').textContent"
                               ".includes('No person was found')")
    assert app.result("teach")["classes"][0]["samples"] == 1
    # the next batch that works takes that message away (issue 34, 15d)
    add_photo(app, 0, upright, 2)
    assert "No person was found" not in app.message("teach")


FOCUSED_IN_ROW = """([row, control]) => document.activeElement.matches(
    `.teach-class[data-index="${row}"] ${control}`)"""


def focused_on(app, row: int, control: str) -> bool:
    return app.page.evaluate(FOCUSED_IN_ROW, [row, control])


@pytest.mark.camera("chelsea")
def test_training_without_samples_says_which_class_is_empty_and_the_keyboard_edits_the_classes(app):
    app.open(demo="teach")
    app.wait_result("teach", READY, timeout=120_000)
    hold_record(app, 0, 3)
    app.page.click("#teach-train")
    app.page.wait_for_selector("#teach-message.error", state="visible")
    assert "“Class 2” has no samples yet" in app.message("teach")
    assert app.result("teach")["prediction"] is None  # one class alone predicts nothing
    app.page.click("#teach-export")
    app.wait_message("teach", "Train the network first")

    rows = app.page.locator(".teach-class")
    # every button's name says its class; the focus stays where the keyboard was
    assert rows.nth(1).locator(".teach-clear").get_attribute("aria-label") == "Clear Class 2"
    assert rows.nth(1).locator(".teach-remove").get_attribute("aria-label") == "Delete class Class 2"
    name_class(app, 0, "cat")                    # left with Tab: on to its record button
    record = rows.nth(0).locator(".teach-record")
    assert focused_on(app, 0, ".teach-record") and record.get_attribute("aria-label") == \
        "Hold to record cat" and record.get_attribute("aria-pressed") == "false"

    # Space held records; released after the focus left the list, it still stops
    app.page.keyboard.down(" ")
    app.wait_result("teach", "r.recording === 0 && r.classes[0].samples >= 6", timeout=60_000)
    assert record.get_attribute("aria-pressed") == "true"
    app.page.keyboard.press("Shift+Tab")
    app.page.keyboard.press("Shift+Tab")
    assert app.page.evaluate("document.activeElement.closest('#teach-classes') === null")
    app.page.keyboard.up(" ")
    stopped = app.wait_result("teach", "r.recording === null", timeout=10_000)
    assert not app.page.is_checked("#teach-worker")  # the key's release changed nothing there
    frame = stopped["frame"]
    later = app.wait_result("teach", f"r.frame >= {frame + 3}")
    assert later["classes"][0]["samples"] == stopped["classes"][0]["samples"]
    samples = later["classes"][0]["samples"]

    # a thumbnail pressed, then Clear: the focus stays in the row
    rows.nth(0).locator(".teach-thumb").first.focus()
    app.page.keyboard.press("Enter")
    app.wait_result("teach", f"r.classes[0].samples === {samples - 1}")
    assert focused_on(app, 0, ".teach-thumb")
    rows.nth(0).locator(".teach-clear").focus()
    app.page.keyboard.press("Enter")
    app.wait_result("teach", "r.classes[0].samples === 0")
    assert focused_on(app, 0, ".teach-clear")

    # the class being recorded deleted: recording stops, nothing goes to the next class
    app.page.click("#teach-add-class")
    app.wait_result("teach", "r.classes.length === 3")
    rows.nth(1).locator(".teach-record").focus()
    app.page.keyboard.down(" ")
    app.wait_result("teach", "r.recording === 1 && r.classes[1].samples >= 1", timeout=60_000)
    for _ in range(3):
        app.page.keyboard.press("Tab")
    assert focused_on(app, 1, ".teach-remove")
    app.page.keyboard.down("Enter")              # a click on Delete class, the Space still held
    deleted = app.wait_result("teach", "r.classes.length === 2")
    assert deleted["recording"] is None and focused_on(app, 1, ".teach-name")  # "Class 3"'s
    later = app.wait_result("teach", f"r.frame >= {deleted['frame'] + 3}")
    assert [c["samples"] for c in later["classes"]] == [0, 0]
    app.page.keyboard.up("Enter")
    app.page.keyboard.up(" ")

    # photos added to a class while a class above it is deleted: they go to that class
    app.page.click("#teach-add-class")
    app.wait_result("teach", "r.classes.length === 3")
    photos = [PHOTOS / f"{name}.png" for name in ("rocket", "coffee", "astronaut", "chelsea")]
    rows.nth(2).locator(".teach-files").set_input_files([str(p) for p in photos * 2])
    rows.nth(0).locator(".teach-remove").click()
    done = app.wait_result("teach", "r.classes.length === 2 && r.classes[1].samples === 8",
                           timeout=60_000)
    assert [(c["name"], c["samples"]) for c in done["classes"]] == [("Class 3", 0), ("Class 4", 8)]
    assert "deleted" not in app.message("teach")


@pytest.mark.camera("chelsea")
def test_in_a_worker_it_learns_with_the_pages_vectors_and_switched_off_keeps_the_samples(app):
    teach_cat_and_rocket(app, query="worker=1")
    assert app.page.is_checked("#teach-worker")
    app.wait_result("teach", "r.where === 'worker'", timeout=120_000)  # once loaded there
    result = predicted(app, "rocket")             # the rocket photo is on the stage
    assert result["where"] == "worker" and app.stats()["workers"] == 1
    app.page.click("#teach-camera")
    result = predicted(app, "cat")
    assert result["where"] == "worker" and app.message("teach") == ""
    counts = [c["samples"] for c in result["classes"]]

    # the export needs the base's weights, out of reach in the worker: it loads them for a moment
    untrained = result["tensors"]
    app.page.fill("#teach-epochs", "5")
    app.page.click("#teach-train")
    app.wait_result("teach", "r.trained", timeout=120_000)
    downloads = []
    app.page.on("download", lambda download: downloads.append(download))
    app.page.click("#teach-export")
    app.page.click("#teach-use-knn")   # while the base loads: the network asked for is exported
    app.page.wait_for_function("document.querySelector('#teach-message').textContent"
                               ".startsWith('Exported')", timeout=60_000)
    for _ in range(50):
        if len(downloads) >= 3:
            break
        app.page.wait_for_timeout(100)
    assert {d.suggested_filename for d in downloads} == {"model.json", "model.weights.bin",
                                                         "metadata.json"}
    after = app.result("teach")
    assert after["method"] == "knn"
    # the network's weights, which the exported model shared, went with it
    assert app.wait_result("teach", f"r.frame > {after['frame']}")["tensors"] == untrained

    # the same photos added in the worker, then on the page's thread: the same vectors
    photos = [PHOTOS / "coffee.png", PHOTOS / "astronaut_640x480.png"]
    for number, photo in enumerate(photos, 1):
        add_photo(app, 1, photo, counts[1] + number)
    app.page.uncheck("#teach-worker")
    frame = app.result("teach")["frame"]
    on_page = app.wait_result("teach", f"r.where === 'page' && r.frame > {frame}", timeout=90_000)
    assert [c["samples"] for c in on_page["classes"]] == [counts[0], counts[1] + 2]
    assert app.stats()["workers"] == 0
    for number, photo in enumerate(photos, 3):
        add_photo(app, 1, photo, counts[1] + number)
    added = downloaded_dataset(app)["classes"][1]["samples"][-4:]
    (in_worker, scaled_in_worker), (on_the_page, scaled_on_the_page) = added[:2], added[2:]
    assert cosine(in_worker["features"], on_the_page["features"]) > 0.999  # the same 224 pixels
    assert max(abs(a - b) for a, b in zip(in_worker["features"], on_the_page["features"])) < 0.01
    # shrunk to 224: Chromium resamples an <img> or <video> and the worker's ImageBitmap apart
    assert cosine(scaled_in_worker["features"], scaled_on_the_page["features"]) > 0.98
    assert in_worker["thumb"].startswith("data:image/jpeg")
    assert predicted(app, "cat")["where"] == "page"  # the worker's samples teach the page

    # back in a worker; the demo stopped (another tab): its worker is gone
    app.page.check("#teach-worker")
    frame = app.result("teach")["frame"]
    app.wait_result("teach", f"r.where === 'worker' && r.frame > {frame}", timeout=90_000)
    assert app.stats()["workers"] == 1
    app.page.click("#tab-tensors")
    app.page.wait_for_function("JSON.parse(labStats()).workers === 0")


@pytest.mark.camera("chelsea")
def test_a_features_worker_that_cannot_start_leaves_images_on_the_page_and_poses_use_theirs(
        app, guards, tmp_path):
    guards.allow_console_error(r"classify_worker|404")
    app.page.route("**/js/classify_worker.js", lambda route: route.fulfill(status=404, body="gone"))
    app.open(demo="teach", query="worker=1")
    app.page.wait_for_function("document.querySelector('#teach-message').textContent"
                               ".includes('the features worker')", timeout=120_000)
    result = app.wait_result("teach", READY, timeout=120_000)
    assert result["where"] == "page" and app.page.is_checked("#teach-worker")  # still asked for
    assert app.message("teach").startswith("The model runs on the page's thread: the features worker")
    assert app.stats()["workers"] == 0
    hold_record(app, 0, 3)                        # the camera: the cat
    add_photo(app, 1, PHOTOS / "rocket.png", 1)
    assert predicted(app, "Class 1")["where"] == "page"
    # switched off, the warning goes (the page's thread is what is asked for now); back on, it
    # comes back, since the worker still cannot start
    app.page.uncheck("#teach-worker")
    app.page.wait_for_function("() => !document.querySelector('#teach-message').textContent"
                               ".includes(\"page's thread\")", timeout=60_000)
    app.page.check("#teach-worker")
    app.page.wait_for_function("() => document.querySelector('#teach-message').textContent"
                               ".includes('the features worker')", timeout=120_000)
    assert predicted(app, "Class 1")["where"] == "page"

    # poses: MoveNet in its own worker, from photo files and from a photo on the stage
    photo = Image.open(PHOTOS / "astronaut_640x480.png").convert("RGB")
    upright, mirrored = tmp_path / "upright.png", tmp_path / "mirrored.png"
    photo.save(upright)
    ImageOps.mirror(photo).save(mirrored)
    app.page.select_option("#teach-mode", "poses")
    app.wait_result("teach", "r.mode === 'poses' && r.where === 'worker'", timeout=120_000)
    assert app.stats()["workers"] == 1
    add_photo(app, 0, upright, 1)
    add_photo(app, 1, mirrored, 1)
    show_photo(app, mirrored)
    assert predicted(app, "Class 2")["where"] == "worker"
