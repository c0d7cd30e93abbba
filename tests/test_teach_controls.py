"""The teach demo's controls in the real page: the keyboard edits the classes, training without
samples is said, and the image features worker: on, off, and one that cannot start."""

import pytest
from PIL import Image, ImageOps

from conftest import PHOTOS
from teach_support import (
    READY,
    add_photo,
    cosine,
    downloaded_dataset,
    hold_record,
    name_class,
    predicted,
    show_photo,
    teach_cat_and_rocket,
)

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
    assert "Train the network first" in app.message("teach")

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
    assert app.result("teach")["method"] == "knn"

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
