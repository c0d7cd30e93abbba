"""tools/serve.py sends a vendor/ file's setup-made .gz gzip-encoded when the request takes gzip,
and says so on every answer (Server-Timing: js/boot.js reads it on a first visit)."""

import gzip
import importlib.util
import os
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("lab_serve_gzip_unit", ROOT / "tools" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)

BIG = b"let x = 1;\n" * 5000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "vendor").mkdir()
    for name in ("big.js", "stale.js"):
        (root / "vendor" / name).write_bytes(BIG)
        (root / "vendor" / f"{name}.gz").write_bytes(gzip.compress(BIG, mtime=0))
    (root / "vendor" / "small.js").write_bytes(b"let y = 2;\n")   # no .gz
    (root / "index.html").write_bytes(b"<html>")
    url, stop = serve.start(root)
    yield url, root
    stop()


def ask(url, method="GET", **headers):
    """(status, headers, body as sent: urllib inflates nothing)"""
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def test_a_file_with_a_gz_goes_gzip_encoded_to_a_request_that_takes_gzip(server):
    url, _ = server
    status, headers, body = ask(url + "/vendor/big.js", **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == "text/javascript"
    assert headers["Vary"] == "Accept-Encoding"
    assert int(headers["Content-Length"]) == len(body) < len(BIG)
    assert gzip.decompress(body) == BIG
    assert headers["Cross-Origin-Embedder-Policy"] == "require-corp"  # still isolated


@pytest.mark.parametrize("accept", [None, "identity", "br, deflate", "gzip;q=0", "*;q=0"])
def test_a_request_without_gzip_gets_the_file_as_it_is(server, accept):
    url, _ = server
    headers = {"Accept-Encoding": accept} if accept else {}
    status, answer, body = ask(url + "/vendor/big.js", **headers)
    assert (status, answer["Content-Encoding"], body) == (200, None, BIG)


def test_a_file_without_a_gz_a_range_a_query_or_a_stale_gz_goes_as_it_is(server):
    url, root = server
    gz = {"Accept-Encoding": "gzip"}
    status, headers, body = ask(url + "/vendor/small.js", **gz)
    assert (headers["Content-Encoding"], body) == (None, b"let y = 2;\n")
    assert ask(url + "/vendor/big.js", Range="bytes=0-9", **gz)[1]["Content-Encoding"] is None
    assert ask(url + "/vendor/big.js?v=1", **gz)[1]["Content-Encoding"] is None
    assert ask(url + "/vendor/big.js.gz", **gz)[1]["Content-Encoding"] is None  # the .gz itself
    assert ask(url + "/vendor/stale.js", **gz)[1]["Content-Encoding"] == "gzip"
    later = os.stat(root / "vendor" / "stale.js.gz").st_mtime_ns + 10**9
    os.utime(root / "vendor" / "stale.js", ns=(later, later))  # changed by hand since setup
    assert ask(url + "/vendor/stale.js", **gz)[2] == BIG


def test_a_head_request_gets_the_gzip_headers_and_no_body(server):
    url, _ = server
    status, headers, body = ask(url + "/vendor/big.js", method="HEAD", **{"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Encoding"], body) == (200, "gzip", b"")
    assert int(headers["Content-Length"]) == len(gzip.compress(BIG, mtime=0))


def test_an_unchanged_file_is_a_304_and_every_answer_says_the_server_gzips(server):
    url, _ = server
    first = ask(url + "/vendor/big.js", **{"Accept-Encoding": "gzip"})[1]
    status, headers, body = ask(url + "/vendor/big.js", **{"Accept-Encoding": "gzip",
                                                          "If-Modified-Since": first["Last-Modified"]})
    assert (status, body) == (304, b"")
    assert serve.GZIP_SIGNAL in ask(url + "/")[1]["Server-Timing"]
    assert serve.GZIP_SIGNAL in ask(url + "/index.html")[1]["Server-Timing"]


def test_plain_mode_sends_no_gzip_and_no_signal(tmp_path):
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "big.js").write_bytes(BIG)
    (tmp_path / "vendor" / "big.js.gz").write_bytes(gzip.compress(BIG, mtime=0))
    url, stop = serve.start(tmp_path, compressed=False)
    try:
        status, headers, body = ask(url + "/vendor/big.js", **{"Accept-Encoding": "gzip"})
        assert (headers["Content-Encoding"], headers["Server-Timing"], body) == (None, None, BIG)
    finally:
        stop()
