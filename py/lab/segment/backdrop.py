"""The person over a new background, drawn on the stage with the canvas's own compositing.

    from lab.segment.backdrop import Backdrop

    backdrop = Backdrop(stage)                          # draws on the stage from now on
    backdrop.show(found["mask"], frame, "colour", colour="#00b140")   # or "blur", "photo", "mask"
    backdrop.show(found["mask"], frame, "photo", photo=image)         # an <img> for "photo"
    backdrop.hide()                                     # nothing over the picture (no person)

`found["mask"]` is SegmentModel's ImageData (the person opaque, the rest transparent). Each frame
is composed once, at the mask's size, on a canvas of its own (as body-segmentation's
drawBokehEffect does: the frame, `destination-in` the mask, the background `destination-over`;
the frame is read once, and blurred at a quarter of the size);
the stage then draws that canvas letterboxed and, when mirrored, flipped, so a redraw (the
mirror switched) costs one drawImage and no model call.
"""

import js

BLUR_PX = 12    # the background's blur, in the mask's pixels
SHRINK = 4      # the blur is drawn this many times smaller, then scaled up


def _canvas():
    return js.document.createElement("canvas")


def _fit(canvas, width: int, height: int):
    if canvas.width != width or canvas.height != height:
        canvas.width, canvas.height = width, height
    return canvas.getContext("2d")


def _cover(context, image, width: int, height: int):
    """Draw `image` to fill width x height, cropped from its middle, its aspect kept."""
    image_width, image_height = image.naturalWidth or 1, image.naturalHeight or 1
    scale = max(width / image_width, height / image_height)
    crop_width, crop_height = width / scale, height / scale
    context.drawImage(image, (image_width - crop_width) / 2, (image_height - crop_height) / 2,
                      crop_width, crop_height, 0, 0, width, height)


class Backdrop:
    """The last frame's composite over the stage, redrawn with it; nothing on a new source."""

    def __init__(self, stage):
        self.stage = stage
        self.version = None
        self._mask, self._person, self._out = _canvas(), _canvas(), _canvas()
        self._frame, self._small = _canvas(), _canvas()  # the frame; its blur, smaller
        stage.on_draw(self.draw)

    def show(self, mask, frame, background: str, colour: str = "#000000", photo=None):
        """Compose `frame`'s picture with `mask` over `background`, and draw it from now on."""
        width, height = mask.width, mask.height
        _fit(self._mask, width, height).putImageData(mask, 0, 0)
        out = _fit(self._out, width, height)
        out.globalCompositeOperation = "source-over"
        if background == "mask":  # the mask itself: the person white on black
            out.fillStyle = "#000000"
            out.fillRect(0, 0, width, height)
            out.drawImage(self._mask, 0, 0)
        else:
            # the frame read once: each read of a camera frame converts the whole of it
            _fit(self._frame, width, height).drawImage(frame.image, 0, 0, width, height)
            person = _fit(self._person, width, height)
            person.globalCompositeOperation = "copy"
            person.drawImage(self._frame, 0, 0)
            person.globalCompositeOperation = "destination-in"
            person.drawImage(self._mask, 0, 0)
            if background == "blur":  # over the sharp picture: no faded edges
                out.drawImage(self._frame, 0, 0)
                # blurred at a quarter of the size, then drawn back up: much the same look
                small = _fit(self._small, max(1, width // SHRINK), max(1, height // SHRINK))
                small.clearRect(0, 0, self._small.width, self._small.height)
                small.filter = f"blur({BLUR_PX / SHRINK}px)"
                small.drawImage(self._frame, 0, 0, self._small.width, self._small.height)
                small.filter = "none"
                out.drawImage(self._small, 0, 0, width, height)
            elif background == "photo" and photo is not None:
                _cover(out, photo, width, height)
            else:  # a colour (and a photo not picked yet)
                out.fillStyle = colour
                out.fillRect(0, 0, width, height)
            out.drawImage(self._person, 0, 0)
        self.version = frame.version
        self.stage.redraw()

    def hide(self):
        """Draw nothing over the picture: no stale cut-out when no one is found."""
        if self.version is not None:
            self.version = None
            self.stage.redraw()

    def draw(self, p):
        """Draw the composite on p5's `p`, letterboxed as the frame (the stage calls it)."""
        stage = self.stage
        if self.version is None or self.version != stage.source_version or stage.frame is None:
            return  # no person, or not this source's
        context = p.drawingContext
        x0, y0 = stage.to_canvas(0, 0)
        x1, y1 = stage.to_canvas(stage.frame_width, stage.frame_height)
        # mirrored, to_canvas flips x: x1 < x0 and a negative width draws the canvas flipped
        context.save()
        if x1 < x0:
            context.translate(x0, 0)
            context.scale(-1, 1)
            x0, x1 = 0, x0 - x1
        context.drawImage(self._out, x0, y0, x1 - x0, y1 - y0)
        context.restore()
