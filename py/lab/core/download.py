"""Files the page hands to the user: a download from Python, named so that files sort by time.

    from lab.core.download import file_name, save_text, save_blob

    file_name("pose", "movenet", ext="png")        # "pose-movenet-20261120-142233.png"
    file_name("pose", "movenet", ext="png")        # the same second: "...-142233-2.png"
    save_text("a,b\\n1,2\\n", "poses.csv", "text/csv")
    save_blob(blob, "snapshot.png")                 # a JS Blob (a canvas's toBlob, say)

The file is made in the page and handed to the browser's downloads: nothing
goes over the network. `file_name` and `safe_part` need no browser.
"""

import re
import time

_UNSAFE = re.compile(r"[^A-Za-z0-9._]+")


def safe_part(text: str) -> str:
    """`text` as a piece of a file name: letters, digits, dots and dashes only."""
    return _UNSAFE.sub("-", str(text)).strip("-.") or "none"


_given: dict[str, int] = {}  # name -> how many times this page gave it


def file_name(*parts: str, ext: str, when: float | None = None) -> str:
    """`parts` joined by dashes, then the local date and time, then `.ext`; a name this page
    gave already (five snapshots in one second) gets -2, -3, ... after the time."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if when is None else when))
    base = "-".join([*(safe_part(part) for part in parts if part), stamp])
    count = _given[base + ext] = _given.get(base + ext, 0) + 1
    return f"{base}-{count}.{ext}" if count > 1 else f"{base}.{ext}"


def save_blob(blob, name: str):
    """Hand a JS Blob to the browser's downloads as `name`."""
    import js
    from pyodide.ffi import create_once_callable

    url = js.URL.createObjectURL(blob)
    anchor = js.document.createElement("a")
    anchor.href, anchor.download, anchor.hidden = url, name, True
    js.document.body.append(anchor)
    anchor.click()
    anchor.remove()
    # revoked a moment later: revoked at once, some browsers drop the download
    js.setTimeout(create_once_callable(lambda: js.URL.revokeObjectURL(url)), 10_000)


def save_text(text: str, name: str, kind: str = "text/plain"):
    """Hand `text` to the browser's downloads as `name` (UTF-8, of MIME type `kind`)."""
    import js

    from lab.core.bridge import to_js

    save_blob(js.Blob.new(to_js([text]), to_js({"type": f"{kind};charset=utf-8"})), name)
