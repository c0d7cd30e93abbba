"""The teach demo's messages and keyboard, in a real Chromium: training or exporting without
samples says what is missing; the class list edited with the keyboard (Space held records,
Enter on a thumbnail, Clear or Delete class), the focus kept where the keyboard was; a class
deleted while recording, or while photos are added below it.
"""

import pytest

from conftest import PHOTOS
from teach_support import READY, hold_record, name_class

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


