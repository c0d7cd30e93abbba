"""The stage's p5 canvas: the picture letterboxed, a placeholder, the overlays on top.

    canvas = StageCanvas(demo, container, stage, width=640, height=480)
    canvas.overlays.append(fn)          # fn(p) at each draw, inside push/pop
    canvas.redraw()                     # now, from Python
    canvas.to_canvas(x, y), canvas.scale    # source pixels -> drawing coordinates

It draws what `stage` shows (`stage.source`, `stage.frame`, its pixel size); the
webcam's <video> sits under it, so for the camera it draws only the overlays.
When `stage.mirrored`, a photo is drawn flipped and `to_canvas` flips x, so an
overlay drawn through it stays on the picture while its text reads normally.
"""

import js

PHOTO_BACKGROUND = "#ffffff"  # under a photo's transparent parts, on the stage and for the models


class StageCanvas:
    def __init__(self, demo, container, stage, width: int, height: int):
        self.demo, self.stage = demo, stage
        self.width, self.height = width, height
        self.placeholder = "Starting…"  # shown while there is no frame
        self.scale, self._dx, self._dy = 1.0, 0.0, 0.0
        self.overlays = []
        self.p = js.p5.new(demo.proxy(self._sketch), container)

    def _sketch(self, p):
        p.setup = self.demo.proxy(self._setup)
        p.draw = self.demo.proxy(self._draw)  # its first draw, after setup

    def _setup(self, *args):
        p = self.p
        canvas = p.createCanvas(self.width, self.height)
        style = canvas.elt.style
        # shown at most at its own size, shrinking with the page; drawing coordinates stay the same
        style.width, style.height, style.maxWidth = "100%", "auto", f"{self.width}px"
        canvas.elt.setAttribute("aria-label", "Camera or photo, with what the model finds")
        # Drawn when something changed (redraw()), not in a loop: a looping sketch asks the
        # browser for a rendering pass at every display refresh, and on the wasm backend that
        # pass lands between a model's frame and the code that uses its result.
        p.noLoop()

    def _draw(self, *args):
        p, stage = self.p, self.stage
        if stage.source == "camera" and self._frame_ready():
            # the <video> under the canvas shows the frame: the canvas keeps only the overlays
            p.clear()
            # a camera may change size (a phone turned round)
            stage.frame_width, stage.frame_height = stage.frame.videoWidth, stage.frame.videoHeight
            self._fit()
        elif self._frame_ready():
            p.background(32)
            self._fit()
            context = p.drawingContext
            width, height = self.stage.frame_width * self.scale, self.stage.frame_height * self.scale
            # a photo's transparent parts on white, as the models see them (README)
            context.fillStyle = PHOTO_BACKGROUND
            context.fillRect(self._dx, self._dy, width, height)
            if stage.mirrored:  # the letterbox is centred: flipped about the middle, it stays put
                context.save()
                context.translate(self.width, 0)
                context.scale(-1, 1)
            context.drawImage(self.stage.frame, self._dx, self._dy, width, height)
            if stage.mirrored:
                context.restore()
        else:
            p.background(32)
            p.fill(220)
            p.noStroke()
            p.textAlign(p.CENTER, p.CENTER)
            p.textSize(18)
            p.rectMode(p.CORNER)  # wrapped in a box with a margin: a phone's stage is narrow
            p.text(self.placeholder, 16, 0, max(self.width - 32, 1), self.height)
        for overlay in list(self.overlays):
            try:
                p.push()
                overlay(p)
            except Exception as error:  # a broken overlay goes; the picture keeps running
                self.overlays.remove(overlay)
                self.demo.report(error, "drawing on the stage")
            finally:
                p.pop()

    def _frame_ready(self) -> bool:
        if self.stage.frame is None:
            return False
        if self.stage.source == "camera":
            return self.stage.frame.readyState >= 2  # HAVE_CURRENT_DATA
        return True

    def _fit(self):
        width, height = self.stage.frame_width or 1, self.stage.frame_height or 1
        self.scale = min(self.width / width, self.height / height)
        self._dx = (self.width - width * self.scale) / 2
        self._dy = (self.height - height * self.scale) / 2

    def redraw(self):
        """Draw the stage again, now. Call it when what an overlay shows has changed.

        The camera's video moves by itself; the canvas above it changes only here
        (and at each change of source or placeholder). Drawn from Python straight
        away, not through p5's redraw(), which would call back into Python.
        """
        if self.stage.closed or not self.p._setupDone:  # p5 draws once itself after setup
            return
        self.p.push()
        try:
            self.p.resetMatrix()
            self._draw()
        finally:
            self.p.pop()

    def to_canvas(self, x: float, y: float):
        """Source pixel coordinates -> canvas drawing coordinates (x flipped when mirrored)."""
        self._fit()
        x = self._dx + x * self.scale
        return (self.width - x if self.stage.mirrored else x), self._dy + y * self.scale

    def remove(self):
        # Stops p5 before its setup/draw proxies are destroyed, even mid-start.
        self.p.hitCriticalError = True
        self.p.remove()
