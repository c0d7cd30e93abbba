"""`ml5.` in the sketch's completion. The page loads ml5 only for code that uses it, so the
name joins the completer's names once ml5 has loaded; until then the list says it is loading.

    names = LazyMl5(base)           # base: the completer's names (`ml5` added when loaded)
    if names.wanted("ml5.neural"):  # ml5 asked for and not there yet
        return names.answer()       # {"items": [], "loading": True, "said": "Loading ml5…"}
    await names.ready()             # None when not loading, else whether ml5 came
"""

import asyncio

import js

from lab.core.bridge import js_error_message

LOADING = "Loading ml5…"


class LazyMl5:
    def __init__(self, base: dict):
        self.base = base
        self.failed = ""
        self._loading = None
        if hasattr(js, "ml5"):  # a sketch that used it loaded it already
            base["ml5"] = js.ml5

    def wanted(self, dotted: str) -> bool:
        return dotted.split(".")[0] == "ml5" and "ml5" not in self.base

    def answer(self) -> dict:
        """What a completion asked after `ml5.` says while ml5 loads, or why it could not."""
        if self._loading is not None and self._loading.done() and self.failed:
            self._loading = None  # asked again later, it is loaded again
            return {"items": [], "said": self.failed}
        if self._loading is None:
            self.failed = ""
            self._loading = asyncio.ensure_future(self._load())
        return {"items": [], "loading": True, "said": LOADING}

    async def _load(self):
        try:
            await js.labLoadScripts("ml5")  # js/boot_scripts.js: once, however often asked
            self.base["ml5"] = js.ml5
        except Exception as error:  # noqa: BLE001 (the editor must keep working)
            self.failed = f"ml5 could not load, so it does not complete: {js_error_message(error)}"

    async def ready(self) -> bool | None:
        """Once ml5, loading now, has loaded (True) or could not (False); None: not loading."""
        if self._loading is None or self._loading.done():
            return None
        await asyncio.wait([self._loading])
        return "ml5" in self.base
