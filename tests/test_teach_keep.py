"""What the teach demo keeps in the browser, and the dataset files it loads, in a real Chromium.

Two tabs of one browser never lose each other's samples; a reload in the middle
of a hold keeps what it recorded; a kept copy the lab cannot read is set aside,
not overwritten; a loaded file is checked field by field, said in the page, and
a network trained on other samples goes.
"""

import json

import pytest

from conftest import PHOTOS, App
from teach_support import READY, add_photo, downloaded_dataset, hold_record

KEY = "browser-ml-lab/teach/images"


def counts(app) -> list[int]:
    return [c["samples"] for c in app.result("teach")["classes"]]


def kept_keys(app) -> dict:
    """Every key IndexedDB holds for the lab, with the length of its value."""
    return app.page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open("browser-ml-lab", 1);
        open.onsuccess = () => {
            const store = open.result.transaction("kept").objectStore("kept");
            const keys = store.getAllKeys(), values = store.getAll();
            values.onsuccess = () => resolve(Object.fromEntries(keys.result.map(
                (key, i) => [key, String(values.result[i]).length])));
            values.onerror = reject;
        };
        open.onerror = reject;
    })""")


def plant(app, text: str):
    """Keep `text` as the images dataset, as a version of the lab before stamps did."""
    app.page.evaluate("""([key, text]) => new Promise((resolve, reject) => {
        const open = indexedDB.open("browser-ml-lab", 1);
        open.onsuccess = () => {
            const transaction = open.result.transaction("kept", "readwrite");
            transaction.objectStore("kept").put(text, key);
            transaction.objectStore("kept").delete(key + "#stamp");
            transaction.oncomplete = resolve;
            transaction.onerror = reject;
        };
        open.onerror = reject;
    })""", [KEY, text])


def load_file(app, path, expect: str):
    app.page.set_input_files("#teach-load", str(path))
    app.page.wait_for_function("text => document.querySelector('#teach-message').textContent"
                               ".includes(text)", arg=expect, timeout=60_000)
    return app.message("teach")


@pytest.mark.camera("chelsea")
def test_two_tabs_keep_each_others_samples_and_a_reload_during_a_hold_keeps_it(app):
    app.open(demo="teach")
    app.wait_result("teach", READY, timeout=120_000)
    hold_record(app, 0, 3)
    first = counts(app)[0]

    other = App(app.guards.watch(app.page.context), app.server, app.guards)  # a second tab
    other.open(demo="teach")
    other.wait_result("teach", READY, timeout=120_000)
    assert counts(other) == [first, 0]
    add_photo(other, 1, PHOTOS / "rocket.png", 1)
    # the first tab, with nothing unsaved, is told and shows the other's sample (two tabs' camera
    # loops on a busy machine: a minute)
    app.wait_result("teach", "r.classes[1].samples === 1", timeout=60_000)
    assert "Another tab of the lab changed these samples" in app.message("teach")

    # both change at once: a hold in one, a photo in the other; neither loses anything
    button = app.page.locator(".teach-class .teach-record").nth(0)
    button.hover()
    app.page.mouse.down()
    try:
        add_photo(other, 1, PHOTOS / "coffee.png", 2)
        app.wait_result("teach", f"r.classes[0].samples >= {first + 5}", timeout=120_000)
    finally:
        app.page.mouse.up()
    held = app.wait_result("teach", "r.recording === null")["classes"][0]["samples"]
    expected = f"r.classes[0].samples === {held} && r.classes[1].samples === 2"
    app.wait_result("teach", expected, timeout=60_000)
    other.wait_result("teach", expected, timeout=60_000)
    other.page.close()

    # reloaded in the middle of a hold: what it recorded is kept
    button.hover()
    app.page.mouse.down()
    try:
        during = app.wait_result("teach", f"r.classes[0].samples >= {held + 10}",
                                 timeout=120_000)["classes"][0]["samples"]
        app.page.reload()
    finally:
        app.page.mouse.up()
    app.wait_ready()
    after = app.wait_result("teach", READY, timeout=120_000)
    assert after["classes"][0]["samples"] >= during and after["classes"][1]["samples"] == 2
    # what the page left as it went is kept with the rest now, not left beside it
    assert app.page.evaluate("Object.keys(localStorage).filter(k => k.includes('#unsaved-'))") == []


@pytest.mark.camera("chelsea")
def test_a_kept_copy_it_cannot_read_is_set_aside_and_loaded_files_are_checked(app, tmp_path):
    app.open(demo="teach")
    app.wait_result("teach", READY, timeout=120_000)
    hold_record(app, 0, 3)
    add_photo(app, 1, PHOTOS / "rocket.png", 1)
    good = downloaded_dataset(app)

    # kept for a model of another size: it stopped the teach loop at every visit
    foreign = json.loads(json.dumps(good))
    foreign["dims"] = 4
    for teach_class in foreign["classes"]:
        for sample in teach_class["samples"]:
            sample["features"] = sample["features"][:4]
    plant(app, json.dumps(foreign))
    app.page.reload()
    app.wait_ready()
    app.wait_result("teach", READY, timeout=120_000)
    message = app.message("teach")
    assert "could not be read" in message and "this model makes 1280" in message
    assert "set aside" in message and counts(app) == [0, 0]
    hold_record(app, 0, 2)  # saved, and not over the copy set aside
    aside = [key for key in kept_keys(app) if key.startswith(KEY + "/unreadable-")]
    assert len(aside) == 1 and kept_keys(app)[aside[0]] == len(json.dumps(foreign))

    # a network trained, then a file with as many classes (here swapped): the network goes
    add_photo(app, 1, PHOTOS / "rocket.png", 1)
    app.page.fill("#teach-epochs", "3")
    app.page.click("#teach-train")
    app.wait_result("teach", "r.trained && r.method === 'network'", timeout=120_000)
    swapped = json.loads(json.dumps(good))
    swapped["classes"].reverse()
    swapped["classes"][0]["samples"][0]["thumb"] = "javascript:alert(1)"
    path = tmp_path / "swapped.json"
    path.write_text(json.dumps(swapped))
    message = load_file(app, path, "Loaded")
    assert "Left out: 1 thumbnails that were not small JPEG or PNG pictures" in message
    loaded = app.wait_result("teach", "!r.trained && r.method === 'knn'")
    assert app.page.text_content("#teach-train-status") == ""
    assert [c["name"] for c in loaded["classes"]] == ["Class 2", "Class 1"]
    assert app.page.locator("img[src^='javascript']").count() == 0

    # refused with the reason, the samples as they were
    def write(name: str, text: str):
        (tmp_path / name).write_text(text)
        return tmp_path / name

    no_mode = {key: value for key, value in good.items() if key != "mode"}
    message = load_file(app, write("no-mode.json", json.dumps(no_mode)), "was not loaded")
    assert "no “mode”" in message and "switch to" not in message
    message = load_file(app, write("dims.json", json.dumps(foreign)), "this model makes 1280")
    twice = json.loads(json.dumps(good))
    twice["classes"][0]["name"], twice["classes"][1]["name"] = "cat", "cat "
    load_file(app, write("twice.json", json.dumps(twice)), "Two classes in the file are called “cat”")
    load_file(app, write("deep.json", "[" * 20_000 + "]" * 20_000), "nests 20000 levels deep")
    assert counts(app) == [c["samples"] for c in loaded["classes"]]
    assert "as they were" in app.message("teach")
