"""The classify demo's photos: transparent ones seen on white, photos dropped anywhere on the demo,
clicks between the sample buttons, a photo on another site. The tests that leave the code as it is
share a page, loaded anew for each (`fresh`: the demo keeps only a mirror setting, untouched here).
"""

import pytest
from PIL import Image

from classify_support import labels


# --- photos with transparent parts, and photos dropped anywhere --------------------------------
def photo_files(tmp_path):
    """A fully transparent PNG, and an opaque white one of the same size."""
    clear, white = tmp_path / "clear.png", tmp_path / "white.png"
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(clear)
    Image.new("RGB", (300, 200), (255, 255, 255)).save(white)
    return str(clear), str(white)


def classified_next(app, after_frame):
    return app.wait_result("classify", f"r.source === 'image' && r.frame > {after_frame}")


def stage_centre(app):
    return app.page.evaluate("""() => {
        const c = document.querySelector('#classify-stage canvas');
        return Array.from(c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data); }""")


@pytest.mark.camera("none")
def test_a_transparent_photo_is_seen_on_white_never_as_the_last_picture(shared_app, tmp_path):
    clear, white = photo_files(tmp_path)
    app = shared_app.open(demo="classify", fresh=True)
    app.page.click("#classify-samples button[data-sample='chelsea']")
    frame = app.wait_result("classify", "r.source === 'image' && r.frames >= 1")["frame"]
    app.page.set_input_files("#classify-file", white)
    on_white = classified_next(app, frame)
    assert on_white["size"] == [300, 200]

    # coffee, then the transparent photo: the canvas the model reads still held the coffee
    app.page.click("#classify-samples button[data-sample='coffee']")
    frame = app.wait_result("classify", "r.top[0].label === 'espresso'")["frame"]
    app.page.set_input_files("#classify-file", clear)
    on_clear = classified_next(app, frame)
    assert on_clear["top"][0]["label"] != "espresso"
    assert labels(on_clear["top"]) == labels(on_white["top"])
    for seen, expected in zip(on_clear["top"], on_white["top"]):
        assert seen["confidence"] == pytest.approx(expected["confidence"], abs=0.01)
    # and the stage shows what the model saw: white
    app.page.wait_for_timeout(300)
    assert stage_centre(app) == [255, 255, 255, 255]


DROP = """async ([selector, photo, type]) => {
    const blob = await (await fetch('tests/data/photos/' + photo)).blob();
    const files = new DataTransfer();
    files.items.add(new File([blob], photo, {type}));
    const target = document.querySelector(selector);
    const prevented = {};
    for (const kind of ['dragover', 'drop']) {
        const event = new DragEvent(kind, {dataTransfer: files, bubbles: true, cancelable: true});
        target.dispatchEvent(event);
        prevented[kind] = event.defaultPrevented;
    }
    return prevented; }"""


@pytest.mark.camera("none")
def test_a_photo_dropped_anywhere_on_the_demo_is_used_and_nowhere_opened(shared_app):
    app = shared_app.open(demo="classify", fresh=True)
    app.page.wait_for_selector("#classify-message.error", state="visible")  # no camera
    url = app.page.url
    # beside the stage (on the sample buttons), on the heading, on the code editor
    for where, photo, label in (("#classify-samples", "rocket.png", "missile"),
                                ("#demo-classify h2", "coffee.png", "espresso"),
                                ("#classify-editor .CodeMirror-lines", "rocket.png", "missile")):
        prevented = app.page.evaluate(DROP, [where, photo, "image/png"])
        # a default left to the browser is opening the file in place of the lab
        assert prevented == {"dragover": True, "drop": True}, where
        app.wait_result("classify", f"r.source === 'image' && r.top[0].label === '{label}'")
    # not an image, dropped beside the stage: said so, and not opened either
    prevented = app.page.evaluate(DROP, ["#classify-samples", "rocket.png", "text/plain"])
    assert prevented == {"dragover": True, "drop": True}
    app.page.wait_for_selector("#classify-message.error", state="visible")
    assert "“rocket.png” is not an image" in app.message("classify")
    # outside the camera demos (the page's header): refused, not opened
    frame = app.result("classify")["frame"]
    prevented = app.page.evaluate(DROP, ["header.top", "coffee.png", "image/png"])
    assert prevented == {"dragover": True, "drop": True}
    assert app.page.evaluate("""() => {
        const files = new DataTransfer();
        files.items.add(new File(['x'], 'x.png', {type: 'image/png'}));
        const event = new DragEvent('dragover', {dataTransfer: files, bubbles: true, cancelable: true});
        document.querySelector('header.top').dispatchEvent(event);
        return event.dataTransfer.dropEffect; }""") == "none"  # the cursor says it can't go there
    app.page.wait_for_timeout(500)
    assert app.result("classify")["frame"] == frame and app.page.url == url
    # text dragged into a field still goes there (nothing is refused that carries no file)
    assert app.page.evaluate("""() => {
        const text = new DataTransfer();
        text.setData('text/plain', '[1, 2]');
        const event = new DragEvent('drop', {dataTransfer: text, bubbles: true, cancelable: true});
        document.querySelector('#classify-stage').dispatchEvent(event);
        return event.defaultPrevented; }""") is False


@pytest.mark.camera("none")
def test_a_click_between_the_sample_buttons_is_no_error(shared_app):
    app = shared_app.open(demo="classify", fresh=True)
    app.page.wait_for_selector("#classify-message.error", state="visible")  # no camera
    message = app.message("classify")
    # the box's own click (not on a button): closest() gives JS null there, not None
    app.page.evaluate("document.getElementById('classify-samples').click()")
    app.page.wait_for_timeout(500)
    assert app.message("classify") == message and app.console_errors("classify") == []


@pytest.mark.camera("none")
def test_a_photo_on_another_site_is_refused_before_any_request(app):
    app.open(demo="classify")
    app.page.wait_for_selector("#classify-message.error", state="visible")  # no camera
    app.set_code("classify", app.code("classify") + "\n\nawait stage.use_image('https://example.com/cat.jpg')\n")
    app.page.evaluate("""() => {
        const box = document.getElementById("classify-message");
        window.messagesSeen = [];
        new MutationObserver(() => window.messagesSeen.push(box.textContent))
            .observe(box, {childList: true, characterData: true, subtree: true}); }""")
    app.run_code("classify")
    app.page.wait_for_function("window.messagesSeen.some(text => text.includes('example.com'))")
    message = app.page.evaluate("window.messagesSeen.find(text => text.includes('example.com'))")
    assert "The photo 'https://example.com/cat.jpg' is on another site (example.com)" in message
    assert "pick it below or drop it on this demo" in message
