"""The camera demos' stage: a p5 canvas showing the webcam, or a photo instead.

    from lab import Demo
    from lab.camera import Stage

    demo = Demo("pose")
    stage = Stage(demo, "#pose-stage", width=640, height=480)
    stage.image_picker()                # #pose-file, drop onto the stage, #pose-samples, #pose-camera
    ok = await stage.start_camera()     # False: no camera (the message says why and what to
                                        # do), or the user picked a photo while it was asking
    if not ok and stage.source is None:
        await stage.use_sample("astronaut")

    stage.source                        # "camera" | "image" | None (nothing to show yet)
    stage.frame                         # what a model reads: the <video>, or the photo's <img>
    stage.frame_width, stage.frame_height   # the source's own pixel size
    stage.placeholder = "No model"      # the text shown while there is no frame

    def overlay(p):                     # called by p5 at each draw, after the frame is drawn
        x, y = stage.to_canvas(222, 121)    # source pixels -> canvas coordinates
        p.circle(x, y, 10 * stage.scale)
    stage.on_draw(overlay)
    stage.redraw()                      # after what an overlay shows changed (a new result)

    await stage.use_image(url)          # a photo: a bundled sample or a file's object URL

Everything the stage starts belongs to `demo`: on `demo.stop()` the sketch is
removed, the camera's tracks are stopped (its light goes off) and object URLs
are revoked. `stage.source_version` goes up by one at every change of source,
so a loop that only needs to look at a still photo once can tell it changed.

The frame is drawn letterboxed (aspect ratio kept) into the `width` x `height`
canvas; the canvas is shown at most that size and shrinks with the page, which
does not change its drawing coordinates.

The camera is opened with `getUserMedia` directly rather than p5's
`createCapture(VIDEO)`: p5 only logs the failure to the console, and the user
must be told which case it is (no camera, permission denied, camera busy,
insecure page) and what to do. The webcam's `<video>` is shown under the p5
canvas, which stays transparent and holds only the overlays: the browser's
compositor shows each camera frame, so the video keeps moving while a model
holds the page's thread, and no frame is copied onto the canvas (on the wasm
backend that copy cost the frame loop about 2 ms a frame). A photo is drawn on
the canvas itself.

Elements `image_picker()` wires, all optional, inside the demo's section:
`#<demo>-file` (an `<input type="file">`), `#<demo>-samples` (an empty
container: it gets one button per sample photo), `#<demo>-camera` (a button
that (re)starts the camera). A photo can also be dropped anywhere on the demo's section.
"""

import asyncio

import js
from pyodide.ffi import JsException, create_proxy

from lab.bridge import js_error_message, to_js
from lab.urls import OffSite, local_url

document = js.document

SAMPLE_DIR = "assets/samples"
# name -> (file in SAMPLE_DIR, button label); public-domain photos, see CREDITS.md there
SAMPLES = {
    "astronaut": ("astronaut.jpg", "Astronaut"),
    "chelsea": ("chelsea.jpg", "Cat"),
    "coffee": ("coffee.jpg", "Coffee"),
    "rocket": ("rocket.jpg", "Rocket"),
}

_PHOTO_HINT = "Or use a sample photo or your own photo below."
PHOTO_BACKGROUND = "#ffffff"  # under a photo's transparent parts, on the stage and for the models

# getUserMedia's DOMException names -> what happened and what to do
_CAMERA_ERRORS = {
    "NotAllowedError": "Camera access was denied. Allow the camera for this page (the camera icon "
                       "in the address bar, or the browser's site settings), then press "
                       "“Use camera”.",
    "SecurityError": "Camera access was denied. Allow the camera for this page (the camera icon "
                     "in the address bar, or the browser's site settings), then press "
                     "“Use camera”.",
    "NotFoundError": "No camera was found. Connect one, then press “Use camera”.",
    "OverconstrainedError": "No camera was found that can deliver video. Connect another one, "
                            "then press “Use camera”.",
    "NotReadableError": "The camera is busy or could not start: close other apps or tabs that "
                        "use it, then press “Use camera”.",
    "AbortError": "The camera could not start: close other apps or tabs that use it, then "
                  "press “Use camera”.",
}


def sample_url(name: str) -> str:
    return f"{SAMPLE_DIR}/{SAMPLES[name][0]}"


def _error_name(error) -> str:
    for holder in (error, getattr(error, "js_error", None)):
        name = getattr(holder, "name", None)
        if isinstance(name, str) and name:
            return name
    return type(error).__name__


def _stop_if_stream(answer):
    """Done callback of a getUserMedia future nobody waits for any more."""
    if not answer.cancelled() and answer.exception() is None:
        for track in answer.result().getTracks():
            track.stop()


async def _event(target, name: str, timeout: float):
    """Wait for one `name` event on `target` (a DOM element); TimeoutError after `timeout` s."""
    future = asyncio.get_running_loop().create_future()

    def fire(event):
        if not future.done():
            future.set_result(event)
    listener = create_proxy(fire)
    target.addEventListener(name, listener)
    try:
        return await asyncio.wait_for(future, timeout)
    finally:
        target.removeEventListener(name, listener)
        listener.destroy()


class Stage:
    def __init__(self, demo, selector: str, width: int = 640, height: int = 480):
        self.demo = demo
        self.width, self.height = width, height
        self.container = document.querySelector(selector)
        if not self.container:  # querySelector gives JS null (falsy, not None) when absent
            raise LookupError(f"The page has no element {selector!r} for the stage.")
        self.selector = selector
        self.source = None
        self.frame = None
        self.frame_width = self.frame_height = 0
        self.source_version = 0
        self._placeholder = "Starting…"  # shown while there is no frame
        self.scale, self._dx, self._dy = 1.0, 0.0, 0.0
        self._overlays = []
        self._stream = None
        self._video = None
        self._object_url = None
        self._stage_message = None
        self._closed = False
        self.container.replaceChildren()
        self.container.classList.add("stage")  # css/lab.css: the video under the canvas
        self.p = js.p5.new(demo.proxy(self._sketch), self.container)
        demo.on_stop(self._close)

    # p5 ---------------------------------------------------------------------
    def _sketch(self, p):
        p.setup = self.demo.proxy(self._setup)
        p.draw = self.demo.proxy(self._draw)

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
        p = self.p
        if self.source == "camera" and self._frame_ready():
            # the <video> under the canvas shows the frame: the canvas keeps only the overlays
            p.clear()
            # a camera may change size (a phone turned round)
            self.frame_width, self.frame_height = self.frame.videoWidth, self.frame.videoHeight
            self._fit()
        elif self._frame_ready():
            p.background(32)
            self._fit()
            context = p.drawingContext
            width, height = self.frame_width * self.scale, self.frame_height * self.scale
            # a photo's transparent parts on white, as the models see them (README)
            context.fillStyle = PHOTO_BACKGROUND
            context.fillRect(self._dx, self._dy, width, height)
            context.drawImage(self.frame, self._dx, self._dy, width, height)
        else:
            p.background(32)
            p.fill(220)
            p.noStroke()
            p.textAlign(p.CENTER, p.CENTER)
            p.textSize(18)
            p.text(self._placeholder, self.width / 2, self.height / 2)
        for overlay in list(self._overlays):
            try:
                p.push()
                overlay(p)
            except Exception as error:  # a broken overlay goes; the picture keeps running
                self._overlays.remove(overlay)
                self.demo.report(error, "drawing on the stage")
            finally:
                p.pop()

    def _frame_ready(self) -> bool:
        if self.frame is None:
            return False
        if self.source == "camera":
            return self.frame.readyState >= 2  # HAVE_CURRENT_DATA
        return True

    def _fit(self):
        width, height = self.frame_width or 1, self.frame_height or 1
        self.scale = min(self.width / width, self.height / height)
        self._dx = (self.width - width * self.scale) / 2
        self._dy = (self.height - height * self.scale) / 2

    def on_draw(self, fn):
        """Call `fn(p)` at each draw, after the frame is drawn (inside p5's push/pop)."""
        self._overlays.append(fn)
        self.redraw()
        return fn

    def redraw(self):
        """Draw the stage again. Call it when what an overlay shows has changed.

        The camera's video moves by itself; the canvas above it changes only here
        (and at each change of source or placeholder).
        """
        if not self._closed:
            # p5 draws a few microtasks later: one still pending when the demo stops meets a
            # destroyed draw function, an expected failure that is not worth a report
            asyncio.ensure_future(self.p.redraw()).add_done_callback(self._drawn)

    def _drawn(self, drawing):
        if not drawing.cancelled() and drawing.exception() is not None and not self._closed:
            self.demo.report(drawing.exception(), "drawing on the stage")

    @property
    def placeholder(self) -> str:
        return self._placeholder

    @placeholder.setter
    def placeholder(self, text: str):
        self._placeholder = text
        self.redraw()

    def to_canvas(self, x: float, y: float):
        """Source pixel coordinates -> canvas drawing coordinates."""
        self._fit()
        return self._dx + x * self.scale, self._dy + y * self.scale

    # sources ------------------------------------------------------------------
    def _set_frame(self, source, frame, width, height):
        self.source, self.frame = source, frame
        self.frame_width, self.frame_height = int(width), int(height)
        self.source_version += 1
        self._fit()
        self.redraw()

    def _say(self, text: str, kind: str):
        box = document.querySelector(f"#{self.demo.name}-message")
        if kind == "info" and box and box.classList.contains("error") \
                and box.textContent != self._stage_message:
            return  # a progress note must not hide the demo's own error
        self._stage_message = text
        self.demo.message(text, kind)

    def _unsay(self):
        """Clear the stage's own last message, not one the demo showed since."""
        box = document.querySelector(f"#{self.demo.name}-message")
        if self._stage_message and box and box.textContent == self._stage_message:
            self.demo.message("")
        self._stage_message = None

    async def start_camera(self) -> bool:
        """Show the webcam. False (and a message saying why and what to do) if it can't."""
        if self._closed:
            return False
        media = getattr(js.navigator, "mediaDevices", None)
        if media is None or not js.window.isSecureContext:
            self._camera_failed("The camera only works on a secure page: open the lab at "
                                "http://localhost:8000/ (or over https), not from another address.")
            return False
        asked_at = self.source_version
        self.placeholder = "Waiting for the camera…"
        self._say("Asking for the camera: allow it in the browser's prompt.", "info")
        request = media.getUserMedia(to_js({
            "audio": False,
            "video": {"width": {"ideal": self.width}, "height": {"ideal": self.height},
                      "facingMode": "user"}}))
        answer = asyncio.ensure_future(request)
        try:
            stream = await asyncio.shield(answer)
        except asyncio.CancelledError:
            # the demo stopped while the prompt was open: if the answer is yes, let the camera go
            answer.add_done_callback(_stop_if_stream)
            raise
        except JsException as error:
            name = _error_name(error)
            self._camera_failed(_CAMERA_ERRORS.get(
                name, f"The camera could not start ({name}: {js_error_message(error)})."))
            return False
        if self._closed or self.source_version != asked_at:
            # the demo stopped, or the user picked a photo, while the prompt was open
            self._stop_tracks(stream)
            self._unsay()
            return False

        video = document.createElement("video")
        video.muted = True
        video.playsInline = True
        video.setAttribute("playsinline", "")
        video.hidden = True  # shown once it plays, under the canvas
        self.container.append(video)
        video.srcObject = stream
        try:
            if video.readyState < 2:
                await _event(video, "loadeddata", timeout=15)
            await video.play()
        except asyncio.CancelledError:
            self._stop_tracks(stream)
            video.remove()
            raise
        except (JsException, TimeoutError) as error:
            self._stop_tracks(stream)
            video.remove()
            why = js_error_message(error) if isinstance(error, JsException) else "no picture in 15 s"
            self._camera_failed(f"The camera gave no video ({why}): check that no other app "
                                "holds it, then press “Use camera”.")
            return False
        if self._closed or self.source_version != asked_at:
            self._stop_tracks(stream)
            video.remove()
            self._unsay()
            return False

        self._release_image()
        self.stop_camera()
        self._stream, self._video = stream, video
        video.hidden = False
        for track in stream.getVideoTracks():
            track.addEventListener("ended", self.demo.proxy(self._camera_ended))
        self._set_frame("camera", video, video.videoWidth, video.videoHeight)
        self._unsay()
        return True

    def _camera_failed(self, text: str):
        self.placeholder = "No camera: pick a photo below"
        self._say(f"{text} {_PHOTO_HINT}", "error")

    def _camera_ended(self, event=None):
        if self.source != "camera" or self._closed:
            return
        self.stop_camera()
        self._camera_failed("The camera stopped (unplugged, or taken by another app). "
                            "Press “Use camera” to try again.")

    @staticmethod
    def _stop_tracks(stream):
        for track in stream.getTracks():
            track.stop()

    def stop_camera(self):
        """Release the camera (its light goes off). The stage shows nothing until a new source."""
        if self._stream is not None:
            self._stop_tracks(self._stream)
            self._stream = None
        if self._video is not None:
            self._video.srcObject = None
            self._video.remove()
            self._video = None
        if self.source == "camera":
            self.source, self.frame = None, None
            self.frame_width = self.frame_height = 0
            self.source_version += 1
            self.redraw()

    async def use_image(self, url: str, name: str | None = None) -> bool:
        """Show a photo instead of the camera. False (and a message) if it can't be read."""
        try:
            url = local_url(url, "The photo", "Save it on this computer, then pick it below or "
                            "drop it on this demo.")
        except OffSite as error:
            self._say(str(error), "error")
            return False
        image = document.createElement("img")
        image.src = url
        try:
            await image.decode()
        except JsException:
            label = name or url.rsplit("/", 1)[-1]
            self._say(f"Could not read “{label}” as an image: choose a JPEG, PNG, GIF or WebP "
                      "photo.", "error")
            return False
        if self._closed:
            return False
        self.stop_camera()
        self._release_image()
        if url.startswith("blob:"):
            self._object_url = url
        self._set_frame("image", image, image.naturalWidth, image.naturalHeight)
        self._unsay()
        return True

    async def use_sample(self, name: str) -> bool:
        return await self.use_image(sample_url(name), SAMPLES[name][0])

    async def use_file(self, file) -> bool:
        """Show a File (from a file input or a drop)."""
        if not str(file.type).startswith("image/"):
            kind = file.type or "unknown type"
            self._say(f"“{file.name}” is not an image ({kind}): choose a JPEG, PNG, GIF or WebP "
                      "photo.", "error")
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

    # the fallback controls ----------------------------------------------------
    def image_picker(self, samples=tuple(SAMPLES)):
        """Wire the demo's photo controls (see the module docstring); missing ones are skipped."""
        prefix = f"#{self.demo.name}"
        if document.querySelector(f"{prefix}-file"):  # JS null when absent, not None
            async def picked(event):
                files = event.target.files
                if files.length:
                    await self.use_file(files.item(0))
                event.target.value = ""  # choosing the same file again still fires "change"
            self.demo.on(f"{prefix}-file", "change", picked)

        box = document.querySelector(f"{prefix}-samples")
        if box:
            box.replaceChildren()
            for name in samples:
                button = document.createElement("button")
                button.type = "button"
                button.dataset.sample = name
                button.textContent = SAMPLES[name][1]
                box.append(button)

            async def sample_clicked(event):
                button = event.target.closest("button[data-sample]")
                if button:  # a click between the buttons finds none (JS null)
                    await self.use_sample(button.dataset.sample)
            self.demo.on(f"{prefix}-samples", "click", sample_clicked)

        if document.querySelector(f"{prefix}-camera"):
            async def camera_clicked(event):
                await self.start_camera()
            self.demo.on(f"{prefix}-camera", "click", camera_clicked)

        # A photo dropped anywhere on the demo's section is used, not only on the stage:
        # dropped where nothing takes it, the browser would open it in place of the lab.
        section = self.container.closest("section")  # JS null (falsy, not None) if none
        area = f"#{section.id}" if section and section.id else self.selector

        def carries_files(event):
            return bool(event.dataTransfer) and "Files" in list(event.dataTransfer.types)

        def drag_over(event):
            if carries_files(event):
                event.preventDefault()
                event.dataTransfer.dropEffect = "copy"

        def dropped(event):  # not async: the browser's own action must be cancelled right now
            if not carries_files(event) or not event.dataTransfer.files.length:
                return None  # text dragged into a field or the editor goes there as usual
            file = event.dataTransfer.files.item(0)
            in_editor = bool(event.target.closest(".CodeMirror"))
            if in_editor and not str(file.type).startswith("image/"):
                return None  # the editor takes a dropped text file itself
            event.preventDefault()
            return self.use_file(file)  # a coroutine: the demo runs it as a task
        self.demo.on(area, "dragover", drag_over)
        self.demo.on(area, "drop", dropped)

    # cleanup -------------------------------------------------------------------
    def _close(self):
        self._closed = True
        self._unsay()
        self.stop_camera()
        self._release_image()
        # Stops p5 before its setup/draw proxies are destroyed, even mid-start.
        self.p.hitCriticalError = True
        self.p.remove()
        self.container.replaceChildren()
