"""One teach lesson at a time, by mode: its features model loaded, its samples kept.

    from lab.teach.slot import LessonSlot     # also importable from lab.teach.lesson

    lessons = LessonSlot(demo, rows, mode_picker, FEATURES, in_worker)   # one lesson at a time
    lesson = await lessons.use("images")       # its features model loaded, its kept samples back
    lessons.move()                             # "In a worker" flipped: the next use() loads the
                                               # features on the other side, the lesson goes on
    lesson = await lessons.ready()             # the lesson in use, once a load under way ended
"""

import asyncio

import js

from lab.core.models import ModelSlot
from lab.teach import keep
from lab.teach.dataset import MOTION_MODES
from lab.teach.keeper import Keeper
from lab.teach.lesson import Lesson
from lab.teach.motion_lesson import MotionLesson


class LessonSlot:
    """One lesson at a time, by mode: loads the mode's features model (lab.core.models.ModelSlot,
    the picker goes back if it cannot load) and restores the samples kept for it. `in_worker`
    (a lab.core.controls.Toggle) says where the features run."""

    def __init__(self, demo, rows, mode_picker, kinds: dict, in_worker=None):
        self.demo, self.rows = demo, rows
        self.models = ModelSlot(demo, lambda name: kinds[name].load(self.in_worker, demo),
                                label=lambda name: kinds[name].label, status="#teach-status",
                                picker=mode_picker)
        self._in_worker = in_worker
        self._one_load = asyncio.Lock()  # the frame loop and added photos wait for one load
        self.current = None
        demo.on_stop(self.dispose)
        keep.watch(demo, self._heard)  # another tab saved
        # a reload or a closed tab in the middle of a hold: what was recorded is saved first
        flush = demo.proxy(lambda *_: self.current is not None and self.current.keeper.flush(self.current))
        js.window.addEventListener("pagehide", flush)
        demo.on_stop(lambda: js.window.removeEventListener("pagehide", flush))

    def _heard(self, mode: str, stamp: str | None):
        lesson = self.current
        if lesson is not None and lesson.features.mode == mode and stamp != lesson.keeper.stamp:
            self.demo.task(lesson.keeper.heard(lesson))

    @property
    def in_worker(self) -> bool:
        return bool(self._in_worker is not None and self._in_worker.value)

    @property
    def version(self):
        return self.current.version if self.current else None

    @property
    def recording(self) -> int | None:
        """The row being recorded."""
        return self.current.index_of(self.current.recording) if self.current else None

    async def use(self, mode: str) -> Lesson | None:
        """The lesson of `mode`, its features loaded; None while they cannot be."""
        async with self._one_load:
            return await self._use(mode)

    async def _use(self, mode: str) -> Lesson | None:
        model = await self.models.use(mode)
        if model is None:
            return None
        if self.current is not None and self.current.features is model:
            return self.current
        if self.current is not None and self.current.features.mode == model.mode:
            # the same features on the other thread: the samples, kNN and network carry on
            self.current.features = model
            self.current.version += 1
            return self.current
        self.dispose(f"you switched to learning from {model.mode}")
        kind = MotionLesson if model.mode in MOTION_MODES else Lesson  # a clip per hold
        self.current = await kind.start(model, Keeper(model.mode, self.demo, self.rows))
        self.rows.show(self.current.dataset)
        if self.current.restore_problem:
            self.demo.message(self.current.restore_problem, "warning", key="kept")
        return self.current

    async def ready(self) -> Lesson | None:
        """The lesson in use, its features loaded (again, where asked, after move())."""
        async with self._one_load:  # the lesson in use once a load under way has ended
            return None if self.current is None else await self._use(self.current.features.mode)

    def move(self):
        """Free the features model; the next use() loads it where `in_worker` now says, and the
        lesson goes on with it: nothing recorded is lost."""
        self.models.dispose()

    def dispose(self, why: str = "the demo stopped"):
        if self.current is not None:
            self.current.keeper.flush(self.current)  # a save under way may not end now
            self.current.dispose(why)
            self.current = None
