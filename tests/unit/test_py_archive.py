"""tools/py_archive.py: pyscript.toml's [files] as one archive, served by tools/serve.py for a
first visit under ./lab serve (js/boot.js asks for it), made from the files as they are now."""

import gzip
import importlib.util
import io
import sys
import tarfile
import tomllib
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("lab_serve_archive_unit", ROOT / "tools" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)
py_archive = sys.modules["py_archive"]

TOML = """name = "Lab"
interpreter = "./js/pyodide.mjs"

[files]
"{FROM}" = "./py/lab"
"{TO}" = "./lab"
"{FROM}/__init__.py" = "{TO}/__init__.py"
"{FROM}/core/ui.py" = "{TO}/core/ui.py"

[js_modules.main]
"./js/x.js" = "x"
"""


def test_the_plan_puts_one_archive_where_the_files_were_and_keeps_the_rest():
    found = py_archive.plan(TOML)
    assert found["folder"] == "py/lab" and found["names"] == ["__init__.py", "core/ui.py"]
    config = tomllib.loads(found["toml"]("__lab/py-lab-0.tar"))
    assert config["files"] == {"./__lab/py-lab-0.tar": "./lab/*"}
    assert config["interpreter"] == "./js/pyodide.mjs" and config["js_modules"]["main"] == {"./js/x.js": "x"}


@pytest.mark.parametrize("files", [
    '"./elsewhere.py" = "./lab/elsewhere.py"',          # not the {FROM}/{TO} form
    '"{FROM}/a.py" = "{TO}/b.py"',                      # renamed on the way
    '"{FROM}/../secret.py" = "{TO}/../secret.py"',      # out of the folder
])
def test_a_files_section_in_another_form_is_left_alone(files):
    assert py_archive.plan(TOML.replace('"{FROM}/core/ui.py" = "{TO}/core/ui.py"', files)) is None
    assert py_archive.plan("name = 'no files'\n") is None


def test_the_lab_s_own_toml_becomes_one_archive_of_every_file_it_lists():
    names = list(tomllib.loads((ROOT / "pyscript.toml").read_text())["files"])
    data, _ = py_archive.archive(ROOT)
    archive = tarfile.open(fileobj=io.BytesIO(data))
    assert sorted(archive.getnames()) == sorted(n[len("{FROM}/"):] for n in names if n.startswith("{FROM}/"))
    assert archive.extractfile("app.py").read() == (ROOT / "py" / "lab" / "app.py").read_bytes()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "pyscript.toml").write_text(TOML)
    (root / "py" / "lab" / "core").mkdir(parents=True)
    (root / "py" / "lab" / "__init__.py").write_text("")
    (root / "py" / "lab" / "core" / "ui.py").write_text("A = 1\n")
    url, stop = serve.start(root)
    yield url, root
    stop()


def get(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_serve_answers_the_toml_and_the_archive_named_by_its_content(site):
    url, root = site
    status, _, body = get(url + "/pyscript.archive.toml")
    (name, to), = tomllib.loads(body.decode())["files"].items()
    assert status == 200 and name.startswith("./__lab/py-lab-") and to == "./lab/*"
    status, headers, body = get(url + name[1:], **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == py_archive.ARCHIVE_CACHE   # the name stands for the content
    archive = tarfile.open(fileobj=io.BytesIO(gzip.decompress(body)))
    assert archive.extractfile("core/ui.py").read() == b"A = 1\n"
    # an edit: the toml names another archive; the old name now gives the new files, uncached
    (root / "py" / "lab" / "core" / "ui.py").write_text("A = 2\n")
    _, _, body = get(url + "/pyscript.archive.toml")
    assert next(iter(tomllib.loads(body.decode())["files"])) != name
    status, headers, body = get(url + name[1:])
    assert status == 200 and "Content-Encoding" not in headers and headers["Cache-Control"] == "no-cache"
    assert tarfile.open(fileobj=io.BytesIO(body)).extractfile("core/ui.py").read() == b"A = 2\n"
    (root / "py" / "lab" / "core" / "ui.py").write_text("A = 1\n")


def test_a_missing_file_is_a_404_that_names_it(site):
    url, root = site
    (root / "py" / "lab" / "core" / "ui.py").unlink()
    try:
        status, _, body = get(url + "/__lab/py-lab-0.tar")
        assert status == 404 and b"py/lab/core/ui.py could not be read" in body, body
    finally:
        (root / "py" / "lab" / "core" / "ui.py").write_text("A = 1\n")
