"""The copy of a teach lesson's dataset kept in this browser: restored, saved, shared between tabs.

    from lab.teach.keeper import Keeper

    keeper = Keeper("images", demo, rows)       # demo and rows: where it speaks and shows
    dataset = await keeper.restore(features)    # the kept dataset, or a new one; never raises
    keeper.problem                              # what to tell about the restore, or None
    kept = await keeper.save(lesson)            # False: this browser keeps nothing
    keeper.soon(lesson)                         # save a second from now (while recording)
    keeper.flush(lesson)                        # save now, unawaited (pagehide)
    await keeper.heard(lesson)                  # another tab saved

Nothing kept is overwritten unread: a copy that cannot be read is set aside
(lab.teach.keep.set_aside) before anything is saved; when the browser will not
say what it keeps, this tab saves nothing. Each save names the version it
replaces (a stamp): when another tab saved meanwhile, its samples are merged
into this tab's (Dataset.merge) and the page says so; a tab with nothing
unsaved takes the other's samples when told of its save.
"""

import asyncio

from lab.core import storage
from lab.teach import keep
from lab.teach.dataset import MAX_CHARS, Dataset, DatasetError
from lab.teach.keep import KeepError

DELAY = 1.0  # seconds between saves while recording


class Keeper:
    def __init__(self, mode: str, demo=None, rows=None):
        self.key, self.demo, self.rows = mode, demo, rows
        self.stamp = None      # the kept version this tab's dataset includes
        self.blocked = None    # why this tab saves nothing (the kept copy could not be read)
        self.problem = None
        self._saved = (None, 0)  # (dataset, its edits) as last kept
        self._one_save = asyncio.Lock()
        self._pending = None

    def _say(self, text: str, kind: str = "warning"):
        if self.demo is not None:
            self.demo.message(text, kind, key="kept")

    def dirty(self, dataset) -> bool:
        return (dataset, dataset.edits) != self._saved

    async def restore(self, features) -> Dataset:
        empty = Dataset(features.mode, features.model, features.dims)
        self._saved = (empty, 0)
        try:
            text, self.stamp, unsaved = await keep.get(self.key)
        except KeepError as error:
            self.blocked = self.problem = (
                f"This browser would not read the samples it keeps for this demo ({error}), so this "
                "tab saves nothing over them: reload the page to try again; “Download dataset” "
                "keeps what you do here.")
            return empty
        dataset = await self._restored(text, features, empty)
        return await self._with_unsaved(dataset, unsaved, features) if unsaved else dataset

    def _read(self, text, features) -> Dataset:
        return Dataset.from_json(text, features.mode, features.model, features.dims)

    async def _restored(self, text, features, empty) -> Dataset:
        if text is None:
            return empty
        try:
            dataset = self._read(text, features)
        except DatasetError as error:
            dataset, why = empty, f"could not be read: {error}"
        else:
            if not dataset.notes:
                self._saved = (dataset, dataset.edits)
                return dataset
            why = "are back, but not whole: " + " ".join(dataset.notes)
        # what is about to be saved over the kept copy is less than it: keep that copy apart
        self._saved = (None, 0) if dataset.total() else (dataset, dataset.edits)  # dirty: to save
        if await keep.set_aside(self.key, self.stamp):
            self.stamp = None
            self.problem = (f"The samples kept in this browser {why} That copy is set aside in "
                            "this browser, not overwritten.")
            if dataset.total():
                await self._write(dataset)  # what could be read is kept in its place
        else:
            self.blocked = self.problem = (
                f"The samples kept in this browser {why} This tab saves nothing over them: "
                "“Download dataset” keeps what you do here.")
        return dataset

    async def _with_unsaved(self, dataset, unsaved, features) -> Dataset:
        """What tabs left as they went (a reload in the middle of a hold, say), added and kept."""
        latest, merged = self.stamp, []
        for key, text, base in unsaved:
            try:
                left = self._read(text, features)
            except DatasetError:
                continue  # left where it is
            merged.append(key)
            if base == latest:
                dataset, latest = left, None  # a change of the kept copy: deletions and all
            else:
                dataset.merge(left)
        if not self.blocked:
            await self._write(dataset, done=merged)
        return dataset

    async def _write(self, dataset, done=()) -> bool:
        """Save `dataset` over the version this tab has read (and delete the keys `done`)."""
        stamp = keep.new_stamp()
        try:
            saved, _ = await keep.put_if(self.key, dataset.to_json(), self.stamp, stamp, done)
        except KeepError:
            return False
        if saved:
            self.stamp, self._saved = stamp, (dataset, dataset.edits)
        return saved

    async def save(self, lesson) -> bool:
        async with self._one_save:
            return await self._save(lesson)

    async def _save(self, lesson) -> bool:
        if self.blocked:
            self._say(self.blocked)
            return True
        for _ in range(3):  # another tab may save between our read and our save
            dataset = lesson.dataset
            if not self.dirty(dataset):
                return storage.kept
            text, edits = dataset.to_json(), dataset.edits
            if len(text) > MAX_CHARS:
                self._say(f"The samples are more than this browser keeps ({len(text) / 1e6:.0f} MB, "
                          f"at most {MAX_CHARS / 1e6:.0f} MB): the latest are not kept, the copy "
                          "kept before stays. Delete some samples, or download the dataset.")
                return True
            stamp = keep.new_stamp()
            try:
                saved, theirs = await keep.put_if(self.key, text, self.stamp, stamp)
            except KeepError as error:
                self._say(f"This browser did not keep the latest samples ({error}): they last "
                          "until this tab is closed; “Download dataset” keeps them.")
                return True
            if saved:
                self.stamp, self._saved = stamp, (dataset, edits)
                return storage.kept
            await self._take_theirs(lesson)
        return True

    async def _take_theirs(self, lesson):
        """Another tab saved: its samples join this tab's (or replace them, if none are unsaved)."""
        try:
            text, stamp, _ = await keep.get(self.key)
        except KeepError:
            return
        features = lesson.features
        theirs = None
        if text is not None:
            try:
                theirs = Dataset.from_json(text, features.mode, features.model, features.dims)
            except DatasetError:
                theirs = None
            if (theirs is None or theirs.notes) and await keep.set_aside(self.key, stamp):
                stamp = None
        self.stamp = stamp
        if theirs is None:
            return
        if not self.dirty(lesson.dataset):
            row = lesson.index_of(lesson.recording)  # a hold that has recorded nothing yet goes on
            lesson.replace(theirs, keep_head=True)
            if row is not None and row < len(theirs.classes):
                lesson.recording = theirs.classes[row]
            self._saved = (theirs, theirs.edits)
            self._say("Another tab of the lab changed these samples: this tab shows them now.", "info")
        else:
            added, left_out = lesson.dataset.merge(theirs)
            lesson.changed(classes=True)
            text = (f"Another tab of the lab saved samples meanwhile: its {added} new ones are "
                    "added to this tab's, and both tabs' samples are kept.")
            if left_out:
                text += (f" {left_out} did not fit (a class is full, or the dataset): they are "
                         "still in the other tab; download them there.")
            self._say(text, "warning" if left_out else "info")
        if self.rows is not None:
            self.rows.show(lesson.dataset, recording=lesson.index_of(lesson.recording))

    async def heard(self, lesson):
        """Another tab saved this mode's samples."""
        async with self._one_save:
            if self.dirty(lesson.dataset):
                await self._save(lesson)  # merges theirs first
            else:
                await self._take_theirs(lesson)

    def soon(self, lesson):
        if self.demo is not None and self._pending is None:
            self._pending = self.demo.task(self._later(lesson))

    async def _later(self, lesson):
        try:
            await asyncio.sleep(DELAY)
        finally:
            self._pending = None
        await self.save(lesson)

    def flush(self, lesson):
        """Write the dataset at once beside the kept copy (the page is going away: a save that
        waits would not end); the next restore() adds it."""
        if self.blocked or not self.dirty(lesson.dataset):
            return
        text = lesson.dataset.to_json()
        if len(text) <= MAX_CHARS:
            keep.put_now(self.key, text, self.stamp)
