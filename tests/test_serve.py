"""tools/serve.py: the app served cross-origin isolated, with vendor/ cached."""

import importlib.util
import urllib.request

import pytest

from conftest import ROOT, guarded_app

# tools/ is not a package on the tests' path (and the project folder must not be: py/ would
# shadow pytest's `py`), so load the server module from its file.
_spec = importlib.util.spec_from_file_location("lab_serve", ROOT / "tools" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)
start = serve.start


@pytest.fixture(scope="module")
def isolated_server():
    url, stop = start(isolated=True, cached=True)
    yield url
    stop()


def headers(url: str):
    """The response's headers (names case-insensitive)."""
    with urllib.request.urlopen(url) as response:
        return response.headers


def test_headers_isolate_the_page_and_cache_only_vendor(isolated_server):
    page = headers(isolated_server + "/")
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page["Cross-Origin-Embedder-Policy"] == "require-corp"
    assert page["Cache-Control"] == "no-cache"  # an edit shows on the next reload
    assert headers(isolated_server + "/py/lab/app.py")["Cache-Control"] == "no-cache"
    wasm = headers(isolated_server + "/vendor/pyodide/pyodide.asm.wasm")
    assert "max-age=604800" in wasm["Cache-Control"]
    assert wasm["Content-Type"] == "application/wasm"
    assert headers(isolated_server + "/vendor/pyodide/pyodide.mjs")["Content-Type"] \
        == "text/javascript"


@pytest.mark.camera("astronaut_640x480")
def test_isolated_page_runs_the_threaded_wasm_build(browsers, isolated_server):
    """As `./lab serve` serves it: the page and the pose worker (the default: page first, then
    the worker) both on wasm's multi-threaded build; plain http.server gives the other one."""
    with guarded_app(browsers("astronaut_640x480"), isolated_server) as app:
        app.open(demo="pose", worker=None)
        assert app.page.evaluate("crossOriginIsolated")
        assert app.result("tensors")["add"] == [11, 22, 33, 44]
        result = app.wait_result("pose", "r.where === 'worker' && r.frame >= 2", timeout=120_000)
        assert result["backend"] == "wasm" and result["poses"][0]["score"] > 0.3
        assert result["backend_choice"]["chosen"] == "wasm"
        loaded = [u.split("/", 3)[-1] for u in app.guards.requests]
        threaded = "vendor/tfjs-backend-wasm/tfjs-backend-wasm-threaded-simd.wasm"
        assert loaded.count(threaded) >= 2, loaded  # the page's, and the worker's
        assert "vendor/tfjs-backend-wasm/tfjs-backend-wasm-simd.wasm" not in loaded
        assert app.stats()["workers"] == 1
