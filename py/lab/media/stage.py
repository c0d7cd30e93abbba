"""The camera demos' stage: a p5 canvas over the webcam, or showing a photo instead.

    from lab import Demo
    from lab.media.stage import Stage

    demo = Demo("pose")
    stage = Stage(demo, "#pose-stage", width=640, height=480)
    stage.image_picker()                # #pose-file, drop onto the demo, #pose-samples, #pose-camera
    demo.task(stage.start_camera())     # False: no camera (the message says why and what to
                                        # do), or the user picked a photo while it was asking

    def overlay(p):                     # drawn over the frame at each redraw, inside push/pop
        x, y = stage.to_canvas(222, 121)    # source pixels -> canvas coordinates
        p.circle(x, y, 10 * stage.scale)
    stage.on_draw(overlay)

    async for frame in stage.frames():  # lab.media.frames: the one frame loop of every demo
        ...
        stage.redraw()                  # after what an overlay shows changed (a new result)

    stage.source                        # "camera" | "image" | None (nothing to show yet)
    stage.frame_width, stage.frame_height   # the source's own pixel size
    stage.placeholder = "No model"      # the text shown while there is no frame
    stage.mirrored                      # drawn as in a mirror (#<demo>-mirror: lab.media.mirror)
    await stage.use_sample("astronaut") # or use_image(url), use_file(file)

Everything the stage starts belongs to `demo`: on `demo.stop()` the sketch is
removed, the camera's tracks are stopped (its light goes off) and object URLs
are revoked. The page's #<demo>-mirror checkbox and #<demo>-snapshot button,
if there are, are wired (lab.media.mirror, lab.media.snapshot); the stage
publishes `mirrored` in the demo's result. Its messages are the demo's, keyed "camera": a newer message about
something else is never taken back by the stage.

The frame is drawn letterboxed (aspect ratio kept) into the `width` x `height`
canvas; the canvas is shown at most that size and shrinks with the page, which
does not change its drawing coordinates. The webcam's `<video>` (lab.media.webcam)
is shown under the canvas, which stays transparent and holds only the overlays:
the browser's compositor shows each camera frame, so the video keeps moving while
a model holds the page's thread, and no frame is copied onto the canvas. A photo
(lab.media.photos) is drawn on the canvas itself.
"""

import js

from lab.media import photos
from lab.media.canvas import StageCanvas
from lab.media.frames import FrameMeter, frames
from lab.media.mirror import MirrorSwitch
from lab.media.photos import PhotoError, open_photo, sample_url
from lab.media.snapshot import wire_snapshot
from lab.media.webcam import ENDED, CameraError, Webcam

PHOTO_HINT = "Or use a sample photo or your own photo below."


class Stage:
    """A p5 canvas over the webcam's video, or showing a photo instead: the camera demos' and
    sketches' picture. `stage.frames()` gives each new picture to a model; `stage.on_draw(fn)`
    draws over it (see the module's docstring)."""
    def __init__(self, demo, selector: str, width: int = 640, height: int = 480):
        self.demo = demo
        self.width, self.height = width, height
        self.container = js.document.querySelector(selector)
        if not self.container:  # querySelector gives JS null (falsy, not None) when absent
            raise LookupError(f"The page has no element {selector!r} for the stage.")
        self.selector = selector
        self.source = None
        self.frame = None
        self.frame_width = self.frame_height = 0
        self.source_version = 0
        self._asked = 0  # sources asked for: a photo that arrives after a later ask is not shown
        self.meter = FrameMeter()
        self._webcam = Webcam(width, height)
        self._object_url = None
        self.closed = False
        self.container.replaceChildren()
        self.container.classList.add("stage")  # css/lab.css: the video under the canvas
        self.mirror = MirrorSwitch(demo, on_change=self._show_mirror)
        self.canvas = StageCanvas(demo, self.container, self, width, height)
        wire_snapshot(self)
        demo.on_stop(self._close)
        self._show_mirror()

    # the canvas ---------------------------------------------------------------
    def on_draw(self, fn):
        """Call `fn(p)` at each draw, after the frame is drawn (inside p5's push/pop)."""
        self.canvas.overlays.append(fn)
        self.redraw()
        return fn

    def redraw(self):
        """Draw the stage again, now: after what an overlay shows has changed. (The camera's
        video moves by itself; the canvas above it changes only here.)"""
        self.canvas.redraw()

    def to_canvas(self, x: float, y: float):
        """Source pixel coordinates -> canvas drawing coordinates."""
        return self.canvas.to_canvas(x, y)

    @property
    def scale(self) -> float:
        """Canvas units per source pixel (letterboxed: the aspect ratio is kept)."""
        return self.canvas.scale

    @property
    def mirrored(self) -> bool:
        """What is on stage is drawn as in a mirror (coordinates stay the source's own)."""
        return self.mirror.mirrored(self.source)

    def _show_mirror(self):
        self.mirror.show(self.source)
        if self.source == "camera":  # the <video> under the canvas: flipped about its middle
            self.frame.style.transform = "scaleX(-1)" if self.mirrored else ""
        self.demo.publish(mirrored=self.mirrored)
        self.redraw()

    @property
    def p(self):
        """The p5 instance that draws the canvas (p5's API: p.circle, p.fill, p.text...)."""
        return self.canvas.p

    @property
    def placeholder(self) -> str:
        """The text shown on the canvas while there is no picture (settable)."""
        return self.canvas.placeholder

    @placeholder.setter
    def placeholder(self, text: str):
        self.canvas.placeholder = text
        self.redraw()

    # sources ------------------------------------------------------------------
    def _set_frame(self, source, frame, width, height):
        self.source, self.frame = source, frame
        self.frame_width, self.frame_height = int(width), int(height)
        self.source_version += 1
        self.meter.reset()
        self._show_mirror()

    def _say(self, text: str, kind: str = "error"):
        self.demo.message(text, kind, key="camera")

    async def start_camera(self) -> bool:
        """Show the webcam. False (and a message saying why and what to do) if it can't."""
        if self.closed:
            return False
        asked_at = self.source_version  # a photo picked while the camera starts wins (source_version)
        # said on the stage, where the video will be: a passing note above it would move the controls
        self.placeholder = "Asking for the camera: allow it in the browser's prompt."
        self.demo.clear("camera")
        try:
            # not wanted any more once the demo stops, or a photo is picked, while it starts
            video = await self._webcam.open(
                self.container, lambda: not self.closed and self.source_version == asked_at,
                self.demo.proxy(self._camera_ended))
        except CameraError as error:
            self._camera_failed(str(error))
            return False
        self.demo.clear("camera")
        if video is None:
            return False
        self._release_image()
        video.hidden = False
        self._set_frame("camera", video, video.videoWidth, video.videoHeight)
        return True

    def _camera_failed(self, text: str):
        self.placeholder = "No camera: pick a photo below"
        self._say(f"{text} {PHOTO_HINT}")

    def _camera_ended(self, event=None):
        if self.source == "camera" and not self.closed:
            self.stop_camera()
            self._camera_failed(ENDED)

    def stop_camera(self):
        """Release the camera (its light goes off). The stage shows nothing until a new source."""
        self._webcam.close()
        if self.source == "camera":
            self.source, self.frame = None, None
            self.frame_width = self.frame_height = 0
            self.source_version += 1
            self._show_mirror()

    async def use_image(self, url: str, name: str | None = None) -> bool:
        """Show a photo instead of the camera. False (and a message) if it can't be read; False
        too when another photo or the camera was asked for while it loaded: the last one asked
        for is shown, whichever arrives first."""
        self._asked += 1
        asked = self._asked
        try:
            image = await open_photo(url, name)
        except PhotoError as error:
            if asked == self._asked:
                self._say(str(error))
            return False
        if self.closed or asked != self._asked:
            return False
        self.stop_camera()
        self._release_image()
        if image.src.startswith("blob:"):
            self._object_url = image.src
        self._set_frame("image", image, image.naturalWidth, image.naturalHeight)
        self.demo.clear("camera")
        return True

    async def use_sample(self, name: str) -> bool:
        """Show one of the lab's sample photos by name (lab.media.photos.SAMPLES)."""
        return await self.use_image(sample_url(name), photos.SAMPLES[name][0])

    async def use_file(self, file) -> bool:
        """Show a File (from a file input or a drop)."""
        try:
            photos.check_image_file(file)
        except PhotoError as error:
            self._say(str(error))
            return False
        url = js.URL.createObjectURL(file)
        shown = await self.use_image(url, file.name)
        if not shown:
            js.URL.revokeObjectURL(url)
        return shown

    def _release_image(self):
        if self._object_url is not None:
            js.URL.revokeObjectURL(self._object_url)
            self._object_url = None
        if self.source == "image":
            self.source, self.frame = None, None

    def image_picker(self, samples=photos.EVERYDAY):
        """Wire the demo's photo controls (lab.media.photos.wire_picker)."""
        photos.wire_picker(self, samples)

    # the frame loop --------------------------------------------------------------
    def frames(self, again=None, when_empty=None):
        """The one frame loop (lab.media.frames.frames): `async for frame in stage.frames():`."""
        return frames(self, again, when_empty)

    # cleanup -------------------------------------------------------------------
    def _close(self):
        self.closed = True
        self.demo.clear("camera")
        self._webcam.close()
        self._release_image()
        self.canvas.remove()
        self.container.replaceChildren()
