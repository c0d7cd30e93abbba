"""What the teach demo keeps: its datasets in IndexedDB between visits (downloads: lab.core.download).

    from lab.teach import keep

    text, stamp, unsaved = await keep.get("images")   # (None, None, []) when nothing was kept
    saved, stamp = await keep.put_if("images", text, stamp, keep.new_stamp())
                                                # saved False: another tab saved since (its stamp)
    keep.put_now("images", text, stamp)         # from a pagehide handler: written at once, beside
    moved = await keep.set_aside("images", stamp)   # an unreadable copy moved out of the way
    keep.watch(demo, lambda key, stamp: ...)    # another tab saved (until the demo stops)
    text = await keep.read(file)                # a File from an <input type="file">

js/keep.js holds the IndexedDB calls; with site data blocked they still work,
on an in-memory stand-in, for as long as the tab is open (lab.core.storage.kept).
A stamp names one saved version: a tab saves only over the version it has read.
"""

import itertools
import os
import time

import js

from lab.core.bridge import to_js

PREFIX = "browser-ml-lab/teach/"
TAB = os.urandom(6).hex()  # this page's saves told from another tab's (`random` starts the
# same in every page: Python is restored from one snapshot)
_saves = itertools.count(1)


class KeepError(Exception):
    """The browser refused to read or write what is kept; the text says what it said."""


def new_stamp() -> str:
    return f"{TAB}-{next(_saves)}"


def _plain(value) -> str | None:
    return value if isinstance(value, str) else None  # undefined or null when absent


async def get(key: str) -> tuple[str | None, str | None, list]:
    """(text, stamp, unsaved): `unsaved` is what tabs going away left (put_now), as
    [(its key, text, the stamp it was based on)], to merge and then drop (put_if's `done`)."""
    try:
        answer = await js.labKeep.get(PREFIX + key)
    except Exception as error:  # refused: nothing can be said about what is kept
        raise KeepError(str(error)) from None
    unsaved = [(str(left.key), _plain(left.text), _plain(left.base)) for left in answer[2]]
    return _plain(answer[0]), _plain(answer[1]), [u for u in unsaved if u[1] is not None]


async def put_if(key: str, text: str, expected: str | None, stamp: str,
                 done=()) -> tuple[bool, str | None]:
    """Save `text` as version `stamp` if the kept one is still `expected` (then also delete the
    keys `done`): (saved, the kept version's stamp)."""
    try:
        answer = await js.labKeep.putIf(PREFIX + key, text, expected, stamp, to_js(list(done)))
    except Exception as error:  # refused or full: the data stays in memory
        raise KeepError(str(error)) from None
    return bool(answer.saved), _plain(answer.stamp)


def put_now(key: str, text: str, base: str | None) -> bool:
    """Write `text` beside the kept copy at once (the page is going away: nothing awaited would
    end); the next get() gives it back as unsaved."""
    try:
        return bool(js.labKeep.putNow(PREFIX + key, TAB, text, base))
    except Exception:  # refused: nothing more can be done as the page goes
        return False


async def set_aside(key: str, expected: str | None) -> bool:
    aside = f"{PREFIX}{key}/unreadable-{time.strftime('%Y%m%d-%H%M%S')}-{TAB}"
    try:
        return bool(await js.labKeep.setAside(PREFIX + key, expected, aside))
    except Exception:  # refused: it stays where it is
        return False


def watch(demo, listener):
    """listener(key, stamp) when another tab saves (key without PREFIX), until `demo` stops."""
    def heard(key, stamp):
        if isinstance(key, str) and key.startswith(PREFIX):
            listener(key[len(PREFIX):], _plain(stamp))
    stop = js.labKeep.watch(demo.proxy(heard))
    demo.on_stop(lambda: stop())


async def remove(key: str):
    try:
        await js.labKeep.remove(PREFIX + key)
    except Exception:  # refused: nothing to remove then
        pass


async def read(file) -> str:
    return str(await file.text())
