"""The page, with helpers that speak the automation contract (README): App.

    app = App(page, server, guards)
    app.open(demo="classify")                 # booted: data-ready="1"
    app.wait_result("classify", "r.frame >= 1")
"""

import json

from guards_support import Guards

BOOT_TIMEOUT_MS = 120_000
CAMERA_DEMOS = ("classify", "pose", "teach", "face", "hands", "segment")  # model in a worker?


class App:
    """The page, with helpers that speak the automation contract."""

    def __init__(self, page, server: str, guards: Guards, shared: bool = False):
        self.page, self.server, self.guards = page, server, guards
        self.shared = shared  # `shared_app`: open() keeps a page already booted at that address
        self.opened = None

    def open(self, demo: str | None = None, backend: str | None = None, query: str = "",
             worker: str | None = "0", fresh: bool = False):
        """A camera demo runs its model on the page's thread (`?worker=0`) unless `query` says
        where, or `worker` is None: the page's default, the page's thread first and then a
        worker, is tested in tests/test_*_worker.py; the rest need no worker loading beside.

        `fresh`: a shared page is loaded anew even at the same address, for a test that changes
        it, and the next open() loads it anew too (what the browser keeps, its storage, stays)."""
        params = [f"demo={demo}"] if demo else []
        params += [f"backend={backend}"] if backend else []
        params += [query] if query else []
        if demo in CAMERA_DEMOS and worker is not None and "worker=" not in query:
            params += [f"worker={worker}"]
        url = f"{self.server}/" + ("?" + "&".join(params) if params else "")
        if self.shared and self.opened == url and not fresh:
            return self
        self.page.goto(url)
        self.wait_ready()
        self.opened = None if fresh else url
        return self

    def wait_ready(self):
        self.page.wait_for_function("document.documentElement.dataset.ready === '1'",
                                    timeout=BOOT_TIMEOUT_MS)

    def result(self, demo: str) -> dict:
        text = self.page.text_content(f"#{demo}-result") or ""
        return json.loads(text) if text.strip() else {}

    def wait_result(self, demo: str, condition: str = "true", timeout: int = 60_000) -> dict:
        """Wait until #<demo>-result holds JSON `r` for which the JS expression `condition` holds,
        and return that `r` (not a later one: a running loop may publish again meanwhile)."""
        handle = self.page.wait_for_function(
            """([demo, condition]) => {
                const text = document.getElementById(demo + "-result").textContent;
                if (!text.trim()) return false;
                const r = JSON.parse(text);
                return Function("r", "return (" + condition + ")")(r) ? r : false;
            }""", arg=[demo, condition], timeout=timeout)
        return handle.json_value()

    def run_code(self, demo: str, times: int = 1, timeout: int = 90_000):
        """Click the editor's Run `times` times; return once those runs have finished starting
        (`#<demo>-code[data-runs]`): the run before them is stopped, its loop publishes no more."""
        done = int(self.page.get_attribute(f"#{demo}-code", "data-runs") or 0) + times
        for _ in range(times):
            self.page.click(f"#{demo}-code-run")
        self.page.wait_for_function(
            f"Number(document.getElementById('{demo}-code').dataset.runs) >= {done}",
            timeout=timeout)

    def message(self, demo: str) -> str:
        box = self.page.locator(f"#{demo}-message")
        return box.text_content() if box.is_visible() else ""

    def wait_message(self, demo: str, text: str, timeout: int = 30_000) -> str:
        """Wait until the demo's message says `text` (its handlers answer asynchronously)."""
        self.page.wait_for_function(
            "([id, text]) => (document.getElementById(id)?.textContent || '').includes(text)",
            arg=[f"{demo}-message", text], timeout=timeout)
        return self.message(demo)

    def num_tensors(self) -> int:
        return self.page.evaluate("tf.memory().numTensors")

    def stats(self) -> dict:
        """labStats(): tensors, and each demo's live tasks, listeners and proxies."""
        return json.loads(self.page.evaluate("labStats()"))

    def code(self, demo: str) -> str:
        """The Python in `demo`'s editor."""
        return self.page.evaluate(f"document.querySelector('#{demo}-editor .CodeMirror')"
                                  ".CodeMirror.getValue()")

    def set_code(self, demo: str, source: str):
        self.page.evaluate("([demo, source]) => document.querySelector(`#${demo}-editor .CodeMirror`)"
                           ".CodeMirror.setValue(source)", [demo, source])

    def train_regression(self, epochs: int = 20) -> dict:
        """Train the Layers API demo briefly from its tab; its published result when trained."""
        self.page.click("#tab-regression")
        self.page.fill("#regression-epochs", str(epochs))
        self.page.click("#regression-train")
        return self.wait_result("regression", "r.status === 'trained'")

    def console_errors(self, demo: str) -> list[str]:
        """The errors shown in the output panel under `demo`'s editor."""
        return self.page.locator(f"#{demo}-console .console-error").all_text_contents()
