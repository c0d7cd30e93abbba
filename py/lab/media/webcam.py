"""The webcam: open a stream, or one error that says why and what to do; own its tracks.

    from lab.media.webcam import Webcam, CameraError

    webcam = Webcam(width=640, height=480)
    try:  # a playing <video>, hidden, appended to container; None if no longer wanted
        video = await webcam.open(container, wanted=lambda: True, on_ended=js_callback)
    except CameraError as error:
        print(error)                           # "No camera was found. Connect one, then ..."
    webcam.close()                             # its light goes off; the <video> is removed

The camera is opened with `getUserMedia` directly rather than p5's
`createCapture(VIDEO)`: p5 only logs the failure to the console, and the user
must be told which case it is (no camera, permission denied, camera busy,
insecure page) and what to do.
"""

import asyncio

import js
from pyodide.ffi import JsException, create_proxy

from lab.core.bridge import abandon, js_error_message, to_js

# getUserMedia's DOMException names -> what happened and what to do
_DENIED = ("Camera access was denied. Allow the camera for this page (the camera icon in the "
           "address bar, or the browser's site settings), then press “Use camera”.")
_CAMERA_ERRORS = {
    "NotAllowedError": _DENIED,
    "SecurityError": _DENIED,
    "NotFoundError": "No camera was found. Connect one, then press “Use camera”.",
    "OverconstrainedError": "No camera was found that can deliver video. Connect another one, "
                            "then press “Use camera”.",
    "NotReadableError": "The camera is busy or could not start: close other apps or tabs that "
                        "use it, then press “Use camera”.",
    "AbortError": "The camera could not start: close other apps or tabs that use it, then "
                  "press “Use camera”.",
}
INSECURE = ("The camera only works on a secure page: open the lab at http://localhost:8000/ "
            "(or over https), not from another address.")
ENDED = "The camera stopped (unplugged, or taken by another app). Press “Use camera” to try again."


class CameraError(RuntimeError):
    """The webcam could not start; the text says why and what to do."""


def _error_name(error) -> str:
    for holder in (error, getattr(error, "js_error", None)):
        name = getattr(holder, "name", None)
        if isinstance(name, str) and name:
            return name
    return type(error).__name__


def stop_tracks(stream):
    for track in stream.getTracks():
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


class Webcam:
    def __init__(self, width: int = 640, height: int = 480):
        self.width, self.height = width, height
        self.stream = None
        self.video = None
        self._ended = None  # what listens for a track's end

    async def ask(self):
        """The camera's stream, once the user allows it (CameraError if not)."""
        media = getattr(js.navigator, "mediaDevices", None)
        if media is None or not js.window.isSecureContext:
            raise CameraError(INSECURE)
        request = media.getUserMedia(to_js({
            "audio": False,
            "video": {"width": {"ideal": self.width}, "height": {"ideal": self.height},
                      "facingMode": "user"}}))
        try:
            # the demo may stop while the prompt is open: if the answer is yes, let the camera go
            return await abandon(request, stop_tracks)
        except JsException as error:
            name = _error_name(error)
            raise CameraError(_CAMERA_ERRORS.get(
                name, f"The camera could not start ({name}: {js_error_message(error)}).")) from None

    async def play(self, stream, container):
        """A playing <video> of `stream`, hidden, appended to `container` (CameraError if not)."""
        video = js.document.createElement("video")
        video.muted = True
        video.playsInline = True
        video.setAttribute("playsinline", "")
        video.hidden = True  # the stage shows it once it is the source
        container.append(video)
        video.srcObject = stream
        try:
            if video.readyState < 2:
                await _event(video, "loadeddata", timeout=15)
            await video.play()
        except BaseException as error:
            stop_tracks(stream)
            video.remove()
            if isinstance(error, JsException | TimeoutError):
                why = js_error_message(error) if isinstance(error, JsException) else "no picture in 15 s"
                raise CameraError(f"The camera gave no video ({why}): check that no other app "
                                  "holds it, then press “Use camera”.") from None
            raise
        return video

    async def open(self, container, wanted, on_ended):
        """The camera's <video>, playing, once `ask` and `play` succeed and `wanted()` still
        holds (else None, the camera let go); `on_ended` (a JS function) if it stops by itself."""
        stream = await self.ask()
        video = await self.play(stream, container) if wanted() else None
        if not wanted():
            stop_tracks(stream)
            if video is not None:
                video.remove()
            return None
        self.close()
        self.stream, self.video, self._ended = stream, video, on_ended
        for track in stream.getVideoTracks():
            track.addEventListener("ended", on_ended)
        return video

    def close(self):
        """Release the camera (its light goes off) and remove its <video>."""
        if self.stream is not None:
            if self._ended is not None:
                for track in self.stream.getVideoTracks():
                    track.removeEventListener("ended", self._ended)
            stop_tracks(self.stream)
            self.stream = None
        self._ended = None  # the caller's function: not destroyed here
        if self.video is not None:
            self.video.srcObject = None
            self.video.remove()
            self.video = None
