"""The camera demos' one frame loop, and its meter.

    async for frame in stage.frames():       # after a paint, only when there is something new
        stage.meter.timing(model)             # another model than the last frames': forget them
        poses = await model.estimate(frame)   # frame.image, frame.width, frame.height
        if frame.stale:                       # the picture changed meanwhile: drop the answer
            continue
        frame.done()                          # counted by the meter; a photo is not looked at again
        stage.meter.fps, stage.meter.ms       # rolling over the last 30 frames

The loop, what each frame is and what is measured about them; the meter and
Frame are plain Python that needs no browser.
"""

import time
from collections import deque
from dataclasses import dataclass, field

SHOW_EVERY = 0.5  # seconds between two updates of the numbers a person reads beside the stage


class FrameMeter:
    """Rolling time per frame and frames per second, over the last `window` frames."""

    def __init__(self, window: int = 30, clock=time.perf_counter):
        self._ms = deque(maxlen=window)
        self._ends = deque(maxlen=window)
        self._clock = clock
        self._shown_at = None
        self._timed = None  # what the frames in the window were timed on (a model, say)
        self.frames = 0  # frames measured since the meter was made

    def add(self, ms: float):
        self.frames += 1
        self._ms.append(ms)
        self._ends.append(self._clock())

    @property
    def recent(self) -> int:
        """Frames measured since the last reset (up to the window)."""
        return len(self._ms)

    @property
    def last_ms(self) -> float:
        return self._ms[-1] if self._ms else 0.0

    @property
    def ms(self) -> float:
        return sum(self._ms) / len(self._ms) if self._ms else 0.0

    @property
    def fps(self) -> float:
        if len(self._ends) < 2 or self._ends[-1] == self._ends[0]:
            return 0.0
        return (len(self._ends) - 1) / (self._ends[-1] - self._ends[0])

    def due(self) -> bool:
        """True at most twice a second: when numbers shown to a person should be updated
        (readable, and no new layout of the page at every frame)."""
        now = self._clock()
        if self._shown_at is not None and now - self._shown_at < SHOW_EVERY:
            return False
        self._shown_at = now
        return True

    def timing(self, what):
        """The next frames are timed on `what` (a model): if the last were timed on another,
        forget them (another model's speed is another story)."""
        if what is not self._timed:
            self._timed = what
            self.reset()

    def reset(self):
        """Forget the rolling window (a new source or model: its speed is another story)."""
        self._ms.clear()
        self._ends.clear()
        self._shown_at = None


@dataclass
class Frame:
    """One picture handed to a model: what to read, and how to tell it is out of date."""

    image: object            # the <video> or the photo's <img>
    width: int               # the source's own pixel size
    height: int
    source: str              # "camera" | "image"
    version: int             # the stage's source_version when it was taken
    number: int              # 1, 2, ... within this loop
    _stage: object = field(repr=False, default=None)
    _started: float = field(repr=False, default_factory=time.perf_counter)
    ms: float = 0.0          # from the frame's start to done()
    counted: bool = False

    @property
    def stale(self) -> bool:
        """The stage shows another picture since this frame was taken."""
        return self._stage is not None and self._stage.source_version != self.version

    @property
    def taken_at(self) -> float:
        """When the picture was taken (s, time.perf_counter's clock): motions are timed on it."""
        return self._started

    def taken_ms_ago(self, ms: float):
        """The picture was captured `ms` ago, before this frame was made (a worker's pump takes
        the next picture as soon as it is free): its time runs from then."""
        self._started = min(self._started, time.perf_counter() - ms / 1000)

    def done(self) -> float:
        """Count the frame in the stage's meter; its time in ms since it was taken."""
        self.ms = (time.perf_counter() - self._started) * 1000
        self.counted = True
        if self._stage is not None:
            self._stage.meter.add(self.ms)
        return self.ms


async def frames(stage, again=None, when_empty=None):
    """Each new picture on `stage` to run a model on, one at a time, after a paint.

    The camera gives a frame each time; a photo once (and once more whenever
    `again()`, e.g. the model's name, changes), unless the frame was not `done()`.
    Nothing while the page is hidden or the stage is empty; `when_empty()` is
    called once each time it becomes empty.
    """
    import js  # the browser's: this module's other names are tested without one

    from lab.core.bridge import next_frame

    number, looked_at, empty = 0, None, False
    while not stage.closed:
        await next_frame()  # the page paints, and answers, between two frames
        if stage.frame is None:
            if not empty and when_empty is not None:
                when_empty()
            empty = True
            continue
        empty = False
        key = (stage.source_version, again() if again else None)
        if js.document.hidden or (stage.source == "image" and key == looked_at):
            continue
        number += 1
        frame = Frame(stage.frame, stage.frame_width, stage.frame_height, stage.source,
                      stage.source_version, number, stage)
        yield frame
        if frame.counted and stage.source == "image" and not frame.stale:
            looked_at = key
