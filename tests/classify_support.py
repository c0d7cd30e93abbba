"""What the classify tests share: the reference answers (tools/make_classify_reference.py), the
camera tracks seen live, and opening the demo running (tests/test_classify*.py).

    from classify_support import PHOTOS, assert_matches_reference, labels
"""

import io
import json
from pathlib import Path

from PIL import Image

DATA = Path(__file__).resolve().parent / "data"
PHOTOS = DATA / "photos"


REFERENCE = json.loads((DATA / "classify_reference.json").read_text())
ROOT = DATA.parent.parent


# Records every camera stream the page opens, to check that leaving the tab stops them.
TRACK_STREAMS = """
(() => {
  window.__streams = [];
  const media = navigator.mediaDevices;
  if (!media) return;
  const original = media.getUserMedia.bind(media);
  media.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    window.__streams.push(stream);
    return stream;
  };
})();
"""


# The same, with the camera answering only after 3 s (a user slow to allow it).
SLOW_CAMERA = TRACK_STREAMS.replace(
    "const stream = await original(constraints);",
    "window.__asking = true; await new Promise(r => setTimeout(r, 3000));"
    " const stream = await original(constraints);")


LIVE_TRACKS = "window.__streams.flatMap(s => s.getTracks()).filter(t => t.readyState === 'live').length"


def labels(top):
    return [entry["label"] for entry in top]


def reference(photo):
    return [{"label": e["label"], "confidence": e["probability"]} for e in REFERENCE[photo]["top5"]]


def assert_matches_reference(top, photo, tolerance):
    expected = reference(photo)
    assert top[0]["label"] == expected[0]["label"], (labels(top), labels(expected))
    # the classes after the first may swap places when their probabilities are close
    assert set(labels(top)[:4]) == set(labels(expected)[:4]), (labels(top), labels(expected))
    got = {e["label"]: e["confidence"] for e in top}
    for entry in expected[:4]:
        assert abs(got[entry["label"]] - entry["confidence"]) < tolerance, (photo, top, expected)


def seen_pixel(app, x, y):
    """The colour shown at canvas drawing coordinates (x, y): the video under the canvas, and
    what p5 drew on it, as on the screen."""
    canvas = app.page.locator("#classify-stage canvas")
    shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    return list(shot.getpixel((round(x * shot.width / 640), round(y * shot.height / 480))))


def open_running(app, condition="r.status === 'running' && r.frames >= 3", **kw):
    app.open(demo="classify", **kw)
    return app.wait_result("classify", condition, timeout=90_000)
