"""What the lab keeps in this browser (localStorage), and how it carries on when it can't.

    from lab.core import storage

    storage.put("browser-ml-lab/edit/tensors", source)   # False if it could not be kept
    storage.get("browser-ml-lab/edit/tensors")           # a str, or None
    storage.remove("browser-ml-lab/edit/tensors")
    storage.kept                                          # False: nothing outlives the tab

With site data blocked, js/storage.js has put an in-memory stand-in in place
of localStorage before anything else loaded, so these calls still work, for
as long as the tab is open.
"""

import js

kept = not getattr(js, "labStorageBlocked", None)
WHY_NOT_KEPT = ("This browser keeps no data for this site (site data is blocked in its settings), "
                "so your edits last only until this tab is closed. Allow site data for this "
                "address to keep them.")


def get(key: str) -> str | None:
    try:
        value = js.localStorage.getItem(key)
    except Exception:  # storage refused: as if nothing was kept
        return None
    return value if isinstance(value, str) else None  # JS null when absent


def put(key: str, value: str) -> bool:
    try:
        js.localStorage.setItem(key, value)
    except Exception:  # full (QuotaExceededError) or refused
        return False
    return True


def remove(key: str):
    try:
        js.localStorage.removeItem(key)
    except Exception:  # refused: nothing to remove then
        pass
