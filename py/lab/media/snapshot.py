"""The stage's Snapshot: what is on screen (the video or photo, and the overlays) as a PNG.

    blob = await snapshot_png(stage)     # a JS Blob, the canvas's own pixel size
    wire_snapshot(stage)                 # #<demo>-snapshot downloads it, named after the demo,
                                         # its model (the `model` it publishes) and the time
                                         # (-2, -3, ... for more in the same second)

The webcam's <video> is under the p5 canvas, not on it: the snapshot draws the
current video frame letterboxed (and mirrored when the stage is), then the
canvas over it, as the page shows them. A photo is on the canvas already.
"""

import js

from lab.core.download import file_name, save_blob

STAGE_BACKGROUND = "#202020"  # css/lab.css's .stage, seen around a letterboxed video


def _canvas_of(stage):
    return stage.p.drawingContext.canvas


async def snapshot_png(stage):
    """What the stage shows, as a PNG Blob of the canvas's pixel size."""
    overlay = _canvas_of(stage)
    out = js.document.createElement("canvas")
    out.width, out.height = overlay.width, overlay.height
    context = out.getContext("2d")
    if stage.source == "camera" and stage.frame is not None:
        density = overlay.width / stage.width
        context.fillStyle = STAGE_BACKGROUND
        context.fillRect(0, 0, out.width, out.height)
        x, y = stage.canvas.to_canvas(0, 0)
        width, height = stage.frame_width * stage.scale, stage.frame_height * stage.scale
        if stage.mirrored:  # to_canvas gave the frame's right edge: draw it flipped from there
            context.translate(out.width, 0)
            context.scale(-1, 1)
            x = stage.width - x
        context.drawImage(stage.frame, x * density, y * density, width * density, height * density)
        context.setTransform(1, 0, 0, 1, 0, 0)
    context.drawImage(overlay, 0, 0)

    def ask(resolve, reject):
        out.toBlob(resolve, "image/png")
    blob = await js.Promise.new(ask)
    if not blob:  # toBlob gives null when the canvas cannot be encoded
        raise RuntimeError("The browser could not make a PNG of the stage.")
    return blob


def wire_snapshot(stage):
    """#<demo>-snapshot, if the page has one, downloads the stage as a PNG."""
    demo = stage.demo
    selector = f"#{demo.name}-snapshot"
    if not js.document.querySelector(selector):
        return

    async def clicked(event):
        if stage.frame is None:
            demo.message("Nothing to snapshot yet: start the camera or pick a photo first.",
                         "error", key="snapshot")
            return
        try:
            blob = await snapshot_png(stage)
        except Exception as error:  # a tainted canvas, or no memory for the PNG
            demo.message(f"No snapshot: {error}", "error", key="snapshot")
            return
        demo.clear("snapshot")
        save_blob(blob, file_name(demo.name, demo.result.get("model") or "", ext="png"))
    demo.on(selector, "click", clicked)
