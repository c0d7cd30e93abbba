"""js/sw_bundle.js, run in Node (no browser): the pyscript.toml it gives a later visit names one
archive in place of the files its [files] listed, and that archive is one Python's tarfile (what
Pyodide unpacks it with) reads back file for file; a [files] in another form is left alone.
"""

import base64
import io
import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN = """
globalThis.self = globalThis;
require(process.argv[1]);
const { toml, files } = JSON.parse(require("fs").readFileSync(0, "utf8"));
const plan = labBundle.plan(toml);
const tar = plan && labBundle.tar(plan.paths.map((path, i) => (
  { name: plan.names[i], bytes: new TextEncoder().encode(files[path] ?? "") })));
console.log(JSON.stringify(plan && { ...plan, tar: Buffer.from(tar).toString("base64") }));
"""


def plan(toml: str, files: dict | None = None):
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node on PATH (setup installs Node.js 20)")
    done = subprocess.run([node, "-e", RUN, str(ROOT / "js" / "sw_bundle.js")],
                          input=json.dumps({"toml": toml, "files": files or {}}), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_lab_toml_gets_one_archive_that_unpacks_to_the_same_files():
    toml = (ROOT / "pyscript.toml").read_text()
    listed = re.findall(r'^"\{FROM\}/([^"]+)"', toml, re.M)
    files = {f"py/lab/{name}": (ROOT / "py" / "lab" / name).read_text() for name in listed}
    got = plan(toml, files)
    assert got["paths"] == [f"py/lab/{name}" for name in listed]
    assert '"./__lab/py-lab.tar" = "./lab/*"' in got["toml"]
    assert '"{FROM}/' not in got["toml"]
    assert got["toml"].startswith(toml[:toml.index("[files]")])  # the rest as it was
    with tarfile.open(fileobj=io.BytesIO(base64.b64decode(got["tar"]))) as archive:
        members = archive.getmembers()
        assert [m.name for m in members] == listed
        assert all(tarfile.data_filter(m, "/tmp") for m in members)  # what extraction accepts
        for member in members:
            assert archive.extractfile(member).read().decode() == files[f"py/lab/{member.name}"]


@pytest.mark.parametrize("extra", ['"./data/x.csv" = "./x.csv"', '"{FROM}/a.py" = "{TO}/b.py"',
                                   '"{FROM}/' + "d/" * 50 + 'a.py" = "{TO}/' + "d/" * 50 + 'a.py"'])
def test_a_files_section_in_another_form_is_left_alone(extra):
    toml = '[files]\n"{FROM}" = "./py/lab"\n"{TO}" = "./lab"\n"{FROM}/a.py" = "{TO}/a.py"\n' + extra
    assert plan(toml) is None
    assert plan(toml.replace(extra, "# a comment"))["paths"] == ["py/lab/a.py"]
