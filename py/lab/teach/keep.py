"""What the teach demo keeps: its datasets in IndexedDB between visits (downloads: lab.core.download).

    from lab.teach import keep

    ok = await keep.put("images", text)      # False: this browser keeps nothing (the demo says so)
    text = await keep.get("images")         # None when nothing was kept
    await keep.remove("images")
    text = await keep.read(file)             # a File from an <input type="file">

js/keep.js holds the IndexedDB calls; with site data blocked they still work,
on an in-memory stand-in, for as long as the tab is open (lab.core.storage.kept).
"""

import js

from lab.core import storage

PREFIX = "browser-ml-lab/teach/"


async def put(key: str, text: str) -> bool:
    try:
        await js.labKeep.put(PREFIX + key, text)
    except Exception:  # refused or full: the data stays in memory
        return False
    return storage.kept


async def get(key: str) -> str | None:
    try:
        value = await js.labKeep.get(PREFIX + key)
    except Exception:  # refused: as if nothing was kept
        return None
    return value if isinstance(value, str) else None  # undefined when absent


async def remove(key: str):
    try:
        await js.labKeep.remove(PREFIX + key)
    except Exception:  # refused: nothing to remove then
        pass


async def read(file) -> str:
    return str(await file.text())
