"""The Sketch tab (issue 31): the user's own sketches, kept in this browser, run like the demos.

One shared page (the fake camera shows the astronaut) holds the tests that leave it as they
found it; the others each open their own.
"""

import json

import pytest

from conftest import guarded_app
from lab.core.share import fragment
from lab.sketch.gallery import EXAMPLES

# what each example publishes first, once it has run (a JS condition on its result `r`)
FIRST = {
    "playground": "r.matmul", "csv_network": "r.rows === 8", "photo_classifier": "r.top",
    "pose_paddle": "r.source", "squat_counter": "r.source", "teachable": "r.samples",
    "mouse_regression": "r.source", "line_fit": "r.prediction", "nose_trail": "r.source",
    "webcam_labels": "r.top", "xor_network": "r.predictions", "pose_skeleton": "r.keypoints",
    "jumping_jacks": "r.source",
}
EDITOR = "document.querySelector('#sketch-editor .CodeMirror').CodeMirror"


def open_sketches(app, query: str = ""):
    app.open(demo="sketch", query=query)
    app.page.wait_for_selector("#sketch-list[data-loaded]", state="attached")
    return app


def wait_code(app, code: str):
    app.page.wait_for_function(f"code => {EDITOR}.getValue() === code", arg=code)


def clear_result(app):
    app.page.evaluate("document.getElementById('sketch-result').textContent = ''")


@pytest.mark.camera("astronaut")
def test_every_example_runs_to_its_first_result(shared_app):
    app = open_sketches(shared_app)
    assert {e.name for e in EXAMPLES} == set(FIRST)
    for example in EXAMPLES:
        app.page.click(f"[data-example={example.name}]")
        wait_code(app, example.code)
        clear_result(app)
        app.run_code("sketch")
        result = app.wait_result("sketch", FIRST[example.name], timeout=90_000)
        assert not app.page.locator("#sketch-console .console-error").count(), example.name
        if example.needs == "camera":
            assert result["source"] == "camera", example.name
    app.page.click("#sketch-code-stop")
    app.page.wait_for_function("!JSON.parse(labStats()).demos.sketch")
