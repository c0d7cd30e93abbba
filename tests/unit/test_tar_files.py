"""js/tar_files.mjs, run in Node (no browser): the tar the server and the service worker make of
the lab's .py files is read back file for file, as Python's tarfile reads it; anything it does not
write itself (pax or GNU entries, links, names that leave the folder, a bad checksum, a cut
archive) is left to Pyodide's own unpacking (None here)."""

import base64
import io
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import py_archive  # noqa: E402

RUN = """
const { tarEntries } = await import(process.argv[1]);
const input = Buffer.from(require("fs").readFileSync(0, "utf8"), "base64");
const entries = tarEntries(new Uint8Array(input));
console.log(JSON.stringify(entries && entries.map((e) => (
  { name: e.name, folder: e.folder, text: Buffer.from(e.bytes).toString("base64") }))));
"""


def entries(data: bytes):
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node on PATH (setup installs Node.js 20)")
    done = subprocess.run(
        [node, "--input-type=commonjs", "-e", f"(async () => {{ {RUN} }})()",
         (ROOT / "js" / "tar_files.mjs").as_uri()],
        input=base64.b64encode(data).decode(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    return found and [(e["name"], e["folder"], base64.b64decode(e["text"])) for e in found]


def tar_of(members, format=tarfile.USTAR_FORMAT) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=format) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
            else:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data or b""))
    return out.getvalue()


def test_the_servers_archive_of_the_lab_reads_back_file_for_file():
    data, _ = py_archive.archive(ROOT)
    got = entries(data)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        expected = [(m.name, False, archive.extractfile(m).read()) for m in archive.getmembers()]
    assert len(got) > 100 and got == expected


def test_folders_long_names_by_prefix_and_empty_files():
    deep = "a/" * 60 + "deep.py"  # over 100 bytes: ustar's prefix field holds the folders
    assert entries(tar_of([("pkg", None), ("pkg/x.py", b"x = 1\n"), ("pkg/empty.py", b""),
                           (deep, b"y = 2\n")])) == [
        ("pkg", True, b""), ("pkg/x.py", False, b"x = 1\n"), ("pkg/empty.py", False, b""),
        (deep, False, b"y = 2\n")]


@pytest.mark.parametrize("members", [[("../outside.py", b"x")], [("/abs.py", b"x")],
                                     [("a/./b.py", b"x")], [("a//b.py", b"x")]])
def test_a_name_that_leaves_the_folder_is_left_to_pyodide(members):
    assert entries(tar_of(members)) is None


def test_what_it_does_not_write_itself_is_left_to_pyodide():
    pax = tar_of([("é.py", b"x")], format=tarfile.PAX_FORMAT)
    gnu = tar_of([("b" * 120 + ".py", b"x")], format=tarfile.GNU_FORMAT)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        link = tarfile.TarInfo("link.py")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    good = tar_of([("a.py", b"x = 1\n" * 200)])
    bad_sum = bytearray(good)
    bad_sum[0] = ord("b")  # the name changed, the checksum not
    for data in (pax, gnu, out.getvalue(), bytes(bad_sum), good[:700], good[:512 + 1024]):
        assert entries(data) is None
    assert entries(good) == [("a.py", False, b"x = 1\n" * 200)]
