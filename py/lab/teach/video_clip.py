"""A motion clip from a video file: its frames sampled at the recording rate, as a hold records them.

    from lab.teach.video_clip import VideoError, clip_of_video, recording_rate

    rate = recording_rate(stage.meter.fps)     # the camera loop's frames a second (10 before any)
    rows = await clip_of_video(file, features, rate, told=print)
    # rows: features.of() of the frames found (lab.teach.motion.frame_vector), RATE a second
    # (lab.teach.motion_time), for MotionLesson.add_clip; told("Reading …: frame 3 of 20…") as it goes
    # VideoError: not a video, too big or too long, not playable here, or no person (hand) in it

The file plays in a <video> of its own, never shown: it is sought to each sample time in turn
(1 / rate apart: the camera loop's frames a second, so that the clip is the motion as the loop
sees it, a slow loop's fewer frames joined by straight lines as in the window it judges) and
each frame goes through the mode's model like a camera frame; frames where no one is found are
filled in from the ones around them, and the clip is kept at RATE. A video
the browser recorded itself (MediaRecorder's WebM) says its duration only once sought to its
end: that is done first.
"""

import asyncio
import itertools
import math

from lab.media.frames import Frame
from lab.teach.motion import MAX_CLIP_FRAMES, MIN_CLIP_FRAMES
from lab.teach.motion_time import RATE, at_rate

MAX_VIDEO_BYTES = 200 * 1024 * 1024   # read from disk by the browser: a clip is seconds long
DEFAULT_RATE = 10                     # frames a second, before the camera loop has measured its own
WAIT_SECONDS = 10                     # for the browser to open or seek the file
FORMATS = "pick a video this browser plays (WebM or MP4), a few seconds of the motion"
_videos = itertools.count(1)


class VideoError(Exception):
    """Why a video file gave no clip: the message names the file and says what to do."""


def recording_rate(fps: float) -> float:
    """The frames a second a video is sampled at: the camera loop's (`fps`, 0 before it has run),
    within 2 and RATE (a clip is kept at RATE)."""
    return float(min(max(round(fps) if fps else DEFAULT_RATE, 2), RATE))


def check_video(name: str, kind: str, size: int) -> None:
    """VideoError unless a file `name` of type `kind` and `size` bytes may be a clip (plain Python)."""
    if not (kind.startswith("video/") or name.lower().endswith((".webm", ".mp4", ".ogv", ".mov"))):
        raise VideoError(f"“{name}” is not a video ({kind or 'unknown type'}): {FORMATS}.")
    if size > MAX_VIDEO_BYTES:
        raise VideoError(f"“{name}” is too big for a clip ({size / 1e6:.0f} MB, at most "
                         f"{MAX_VIDEO_BYTES / 1e6:.0f} MB): {FORMATS}.")


def sample_times(duration: float, rate: float = RATE) -> list[float]:
    """The times (s) of a clip's frames: `rate` a second from the start, within `duration`.
    VideoError when that is more than a clip holds (MAX_CLIP_FRAMES)."""
    count = max(1, math.floor(duration * rate + 1e-6))
    if math.floor(duration * RATE + 1e-6) > MAX_CLIP_FRAMES:   # as kept, at RATE
        raise VideoError(f"it is {duration:.1f} s long: a clip is at most {MAX_CLIP_FRAMES} frames, "
                         f"{MAX_CLIP_FRAMES / RATE:.0f} s at {RATE:.0f} frames a second. Cut it "
                         "to the motion and add it again.")
    return [round(i / rate, 4) for i in range(count)]


async def _event(video, wanted: str, what: str):
    """Wait for `wanted` (or an error) on `video`; VideoError if it fails or takes too long."""
    from lab.core.bridge import create_proxy

    done = asyncio.get_event_loop().create_future()

    def heard(event):
        if not done.done():
            done.set_result(event.type)
    proxy = create_proxy(heard)
    for kind in (wanted, "error"):
        video.addEventListener(kind, proxy)
    try:
        said = await asyncio.wait_for(done, WAIT_SECONDS)
    except TimeoutError:
        raise VideoError(f"it did not {what} within {WAIT_SECONDS} s: {FORMATS}.") from None
    finally:
        for kind in (wanted, "error"):
            video.removeEventListener(kind, proxy)
        proxy.destroy()
    if said == "error":
        error = video.error
        why = str(error.message) if error and error.message else "no reason given"
        raise VideoError(f"this browser cannot play it ({why}): {FORMATS}.")


async def _seek(video, seconds: float):
    video.currentTime = seconds
    await _event(video, "seeked", "seek")


async def clip_of_video(file, features, rate: float = RATE, told=None) -> list:
    """The features of the frames of `file` (a File) sampled `rate` a second, kept at RATE a
    second (see the module)."""
    import js  # (the checks above are plain Python: unit-tested without a browser)

    check_video(str(file.name), str(file.type), int(file.size))
    url = js.URL.createObjectURL(file)
    video = js.document.createElement("video")
    video.muted = video.playsInline = True
    video.preload = "auto"
    try:
        try:
            video.src = url
            await _event(video, "loadeddata", "open")
            if not math.isfinite(video.duration):  # MediaRecorder's WebM: known once at its end
                await _seek(video, 1e9)
            if not math.isfinite(video.duration) or not video.videoWidth:
                raise VideoError(f"its length or its picture cannot be read: {FORMATS}.")
            times = sample_times(float(video.duration), rate)
        except VideoError as error:
            raise VideoError(f"“{file.name}” was not added: {error}") from None
        version = -1_000_000 - next(_videos)  # a source of its own: a model follows the person
        rows, found = [], []
        for number, seconds in enumerate(times, 1):
            if told is not None:
                told(f"Reading “{file.name}”: frame {number} of {len(times)}…")
            try:
                await _seek(video, seconds)
            except VideoError as error:
                raise VideoError(f"“{file.name}” was not added: {error}") from None
            if features.disposed:
                raise VideoError(f"“{file.name}” was not added: the model changed while it was "
                                 "read (another mode, or “In a worker”). Add it again.")
            frame = Frame(video, video.videoWidth, video.videoHeight, "video", version, number)
            vector = await features.of(frame)
            if vector is not None:
                rows.append(vector)
                found.append(seconds)
    finally:
        video.removeAttribute("src")
        video.load()  # lets go of the file now, not when collected
        js.URL.revokeObjectURL(url)
    if len(rows) < MIN_CLIP_FRAMES:
        what = features.missing
        found = (f"no {what} was found in it" if not rows else
                 f"a {what} was found in only {len(rows)} of its {len(times)} frames")
        raise VideoError(f"“{file.name}” was not added: {found} (a clip needs {MIN_CLIP_FRAMES} "
                         f"frames with one). Pick a video where the whole {what} stays in the "
                         "picture.")
    return at_rate(rows, found)
