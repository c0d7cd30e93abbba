"""What the teach demo's browser tests share: recording, naming, photos, predictions, training.

    from teach_support import READY, hold_record, name_class, predicted

    app.open(demo="teach")
    app.wait_result("teach", READY, timeout=120_000)
    name_class(app, 0, "cat")
    hold_record(app, 0, 8)            # "Hold to record" held until the class has 8 samples
    predicted(app, "cat")             # the result once the prediction says "cat"
"""

import json
import math
from pathlib import Path

from conftest import PHOTOS

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
