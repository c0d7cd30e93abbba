"""The demos, one short script each, and the one list of them the app reads.

    from lab.demos import DEMOS, CAMERA, by_name

    [demo.name for demo in DEMOS]     # ["tensors", "regression", …, "sketch", "hands", "segment"]
    by_name("pose").camera            # True: it holds the camera while it is shown

The app runs the scripts as scripts (not imports), so that running one again,
shipped or edited in the page, starts it afresh. A new demo is a script here,
a line below, and a section in index.html.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoInfo:
    name: str      # py/lab/demos/<name>.py, #demo-<name>, #<name>-result, ?demo=<name>
    title: str     # its tab
    camera: bool   # holds the camera and a frame loop: runs only while shown
    autorun: bool = True   # started when shown; a sketch waits for Run


DEMOS = (
    DemoInfo("tensors", "1 · Core API", camera=False),
    DemoInfo("regression", "2 · Layers API", camera=False),
    DemoInfo("classify", "3 · Webcam classifier", camera=True),
    DemoInfo("pose", "4 · Pose detection", camera=True),
    DemoInfo("teach", "5 · Teach", camera=True),
    DemoInfo("face", "6 · Face", camera=True),
    DemoInfo("sketch", "7 · Sketch", camera=True, autorun=False),   # the user's own: lab.sketch
    DemoInfo("hands", "8 · Hands", camera=True),
    DemoInfo("segment", "9 · Segment", camera=True),
)
NAMES = tuple(demo.name for demo in DEMOS)
CAMERA = tuple(demo.name for demo in DEMOS if demo.camera)


def by_name(name: str) -> DemoInfo | None:
    return next((demo for demo in DEMOS if demo.name == name), None)
