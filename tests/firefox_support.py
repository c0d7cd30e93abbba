"""The Firefox smoke test's driver (tests/firefox/driver.mjs over WebDriver BiDi) as a class
with the automation contract's helpers, as conftest.App has them for Chromium.

    firefox = Firefox(server)              # one browser and its page (tests/test_firefox.py)
    firefox.open("tensors")                # and waits for the page to be ready
    firefox.wait_result("tensors", "r.add")
"""

import json
import shutil
import subprocess

from conftest import BOOT_TIMEOUT_MS, GUARD_RULES_FILE, ROOT
from harness import FIREFOX

DRIVER = ROOT / "tests" / "firefox" / "driver.mjs"

class Firefox:
    """The driver's commands as methods, and the automation contract's helpers (as conftest.App)."""

    def __init__(self, server: str):
        if shutil.which(FIREFOX) is None:
            raise RuntimeError(f"{FIREFOX} is missing: ./lab test installs Debian's firefox-esr, "
                               "or set LAB_FIREFOX to the program of a Firefox you have")
        self.server = server
        self.process = subprocess.Popen(
            ["node", str(DRIVER), FIREFOX, server, str(GUARD_RULES_FILE)], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.version = self._reply()

    def _reply(self):
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"the Firefox driver ended (exit code {self.process.wait()})")
            if line.startswith("{"):  # anything else is the browser talking
                reply = json.loads(line)
                if not reply["ok"]:
                    raise AssertionError(f"in Firefox: {reply['error']}")
                return reply["value"]

    def call(self, cmd: str, **args):
        self.process.stdin.write(json.dumps({"cmd": cmd, **args}) + "\n")
        return self._reply()

    def eval(self, js: str, arg=None):
        return self.call("eval", js=js, arg=arg)

    def wait(self, js: str, arg=None, timeout: int = 60_000):
        return self.call("wait", js=js, arg=arg, timeout=timeout)

    def click(self, selector: str):
        self.call("click", selector=selector)

    def open(self, demo: str, query: str = ""):
        self.call("open", url=f"{self.server}/?demo={demo}{query}")
        self.wait("() => document.documentElement.dataset.ready === '1'", timeout=BOOT_TIMEOUT_MS)

    def result(self, demo: str) -> dict:
        return json.loads(self.eval("(d) => document.getElementById(d + '-result').textContent",
                                    demo) or "{}")

    def wait_result(self, demo: str, condition: str, timeout: int = 60_000) -> dict:
        return self.wait("""([demo, condition]) => {
            const text = document.getElementById(demo + "-result").textContent;
            if (!text.trim()) return false;
            const r = JSON.parse(text);
            return Function("r", "return (" + condition + ")")(r) ? r : false;
        }""", [demo, condition], timeout)

    def close(self):
        try:
            self.call("close")
        except RuntimeError:
            pass  # it ended as asked
        self.process.wait(timeout=30)
