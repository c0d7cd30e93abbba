"""Serve the lab like `python3 -m http.server`, plus the headers that make it faster.

    python3 tools/serve.py                      # http://127.0.0.1:8000/, isolated + cached
    python3 tools/serve.py --port 8123 --bind 127.0.0.1
    python3 tools/serve.py --no-isolation       # exactly what plain http.server offers
    python3 tools/serve.py --no-cache           # vendor/ revalidated on every visit
    python3 tools/serve.py --no-gzip            # vendor/ never sent gzip-encoded

    from tools.serve import start               # in-process, for the benchmark
    url, stop = start(root, isolated=True, cached=True)

Four things plain `http.server` cannot do:
- Cross-origin isolation (`Cross-Origin-Opener-Policy: same-origin`,
  `Cross-Origin-Embedder-Policy: require-corp`). Only an isolated page has
  SharedArrayBuffer, and TensorFlow.js's wasm backend then picks its
  multi-threaded build (tfjs-backend-wasm-threaded-simd.wasm): the models run
  on every core instead of one. The page loads nothing from another origin, so
  isolation breaks nothing; under plain `http.server` it runs single-threaded.
- Caching vendor/ (bundles, Pyodide, model weights: all copied from pinned npm
  packages, so they change only when package-lock.json does): a week's
  `max-age`, so a second visit reads them from the browser's cache without a
  round trip per file. The app's own files (index.html, py/, js/, css/) are
  always revalidated, so an edit shows on the next reload.
- Listing the app's own files with their sha256 in one answer (`/__lab/own-files.json`): on
  a later visit the service worker (js/sw_listing.js) serves the files listed as unchanged from
  its kept copies, instead of one conditional request each.
- Sending a vendor/ file compressed: its setup-made `<name>.gz` with `Content-Encoding: gzip`,
  to a request that accepts gzip (the browser inflates it). Every page says so
  (`Server-Timing: lab-gzip`), so that a first visit loads plainly, with no wait for the service
  worker, which keeps the offline copy once the page is ready (js/boot.js).
"""

import argparse
import email.utils
import functools
import hashlib
import http.server
import json
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its siblings, run as a script or not
import py_archive  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    # what a same-origin page's own subresources need under require-corp anyway
    "Cross-Origin-Resource-Policy": "same-origin",
}
VENDOR_CACHE = "public, max-age=604800"
OWN_LIST = "/__lab/own-files.json"
OWN_FILES = ("index.html", "pyscript.toml")   # and every file under OWN_FOLDERS
OWN_FOLDERS = ("css", "js", "py")
GZIP_SIGNAL = "lab-gzip"   # the Server-Timing entry that says vendor/ comes compressed here
_hashes: dict = {}   # (path, mtime_ns, size) -> sha256: a file is hashed again once it changes
_hashes_lock = threading.Lock()


def own_files(root: Path) -> dict:
    """{path: sha256} of the app's own files under `root` (what the service worker calls OWN)."""
    found = [root / name for name in OWN_FILES]
    for folder in OWN_FOLDERS:
        for where, folders, files in os.walk(root / folder, followlinks=True):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            found += [Path(where) / name for name in sorted(files)]
    listed = {}
    for path in found:
        try:
            stat = path.stat()
        except OSError:
            continue
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        with _hashes_lock:
            sha256 = _hashes.get(key)
        if sha256 is None:
            sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
            with _hashes_lock:
                _hashes[key] = sha256
        listed[path.relative_to(root).as_posix()] = sha256
    return listed


def send_own_files(handler) -> bool:
    """Answer `handler`'s request with own_files if it asks for OWN_LIST, or with the .py files
    in one archive (tools/py_archive.py); whether it did."""
    if py_archive.send(handler, accepts_gzip(handler.headers.get("Accept-Encoding", ""))):
        return True
    if handler.path.split("?", 1)[0] != OWN_LIST:
        return False
    body = json.dumps(own_files(Path(handler.directory))).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    return True


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header takes gzip (named, or `*`, with a q above 0)."""
    taken = {}
    for part in header.lower().replace(" ", "").split(","):
        coding, _, q = part.partition(";q=")
        try:
            taken[coding] = float(q or 1)
        except ValueError:
            taken[coding] = 0.0
    return taken.get("gzip", taken.get("*", 0.0)) > 0


def gzip_copy(handler) -> Path | None:
    """The setup-made .gz to send for `handler`'s request, or None (send the file as it is): a
    GET or HEAD of a vendor/ file, without a query or a Range, that accepts gzip, whose .gz is
    at least as new as the file (make_manifest.py's rule: a file changed by hand since setup
    goes as it is)."""
    path = handler.path.split("#", 1)[0]
    if (not path.startswith("/vendor/") or "?" in path or path.endswith(".gz")
            or handler.headers.get("Range") or not accepts_gzip(handler.headers.get("Accept-Encoding", ""))):
        return None
    plain = Path(handler.translate_path(path))
    packed = plain.with_name(plain.name + ".gz")
    try:
        return packed if plain.is_file() and packed.stat().st_mtime_ns >= plain.stat().st_mtime_ns else None
    except OSError:
        return None


def send_head_gzip_first(handler, send_head):
    """`handler`'s send_head (SimpleHTTPRequestHandler's, given as `send_head`), but with the file's
    .gz sent gzip-encoded where gzip_copy finds one: the open file to copy, or None (a 304)."""
    packed = gzip_copy(handler)
    if packed is None:
        return send_head()
    modified = max(int(packed.stat().st_mtime), int(packed.with_suffix("").stat().st_mtime))
    since = handler.headers.get("If-Modified-Since")
    if since and "If-None-Match" not in handler.headers:
        try:
            fresh = modified <= email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            fresh = False
        if fresh:
            handler.send_response(304)
            handler.send_header("Vary", "Accept-Encoding")
            handler.end_headers()
            return None
    source = open(packed, "rb")
    handler.send_response(200)
    handler.send_header("Content-Type", handler.guess_type(str(packed.with_suffix(""))))
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(os.fstat(source.fileno()).st_size))
    handler.send_header("Last-Modified", handler.date_time_string(modified))
    handler.send_header("Vary", "Accept-Encoding")
    handler.end_headers()
    return source


class LabHandler(http.server.SimpleHTTPRequestHandler):
    isolated = True
    cached = True
    compressed = True
    quiet = False

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".wasm": "application/wasm",
                      ".json": "application/json"}

    def do_GET(self):
        if not send_own_files(self):
            super().do_GET()

    def send_head(self):
        if not self.compressed:
            return super().send_head()
        return send_head_gzip_first(self, super().send_head)

    def end_headers(self):
        if self.compressed:
            self.send_header("Server-Timing", GZIP_SIGNAL)
        if self.isolated:
            for name, value in ISOLATION_HEADERS.items():
                self.send_header(name, value)
        path = self.path.split("?", 1)[0]
        if self.cached and path.startswith("/vendor/"):
            self.send_header("Cache-Control", VENDOR_CACHE)
        elif not path.startswith("/" + py_archive.ARCHIVE_PREFIX):  # its own say (py_archive.send)
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


class LabServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that closes a tab mid-download is not an error worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def make_server(root: Path = ROOT, host: str = "127.0.0.1", port: int = 8000,
                isolated: bool = True, cached: bool = True, compressed: bool = True,
                quiet: bool = False):
    handler = type("Handler", (LabHandler,), {"isolated": isolated, "cached": cached,
                                              "compressed": compressed, "quiet": quiet})
    return LabServer((host, port), functools.partial(handler, directory=str(root)))


def start(root: Path = ROOT, host: str = "127.0.0.1", port: int = 0, **options):
    """Serve in a background thread; return (base URL, stop function)."""
    httpd = make_server(root, host, port, quiet=True, **options)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def stop():
        httpd.shutdown()
        httpd.server_close()
    return f"http://{host}:{httpd.server_address[1]}", stop


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--no-isolation", action="store_true",
                        help="no COOP/COEP headers (TF.js wasm runs single-threaded)")
    parser.add_argument("--no-cache", action="store_true", help="revalidate vendor/ every visit")
    parser.add_argument("--no-gzip", action="store_true",
                        help="vendor/ as it is, never its .gz (the service worker inflates them)")
    args = parser.parse_args()
    httpd = make_server(ROOT, args.bind, args.port, isolated=not args.no_isolation,
                        cached=not args.no_cache, compressed=not args.no_gzip)
    print(f"Browser ML Lab: http://{args.bind}:{args.port}/   (Ctrl+C stops it)", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
