"""js/manifest_check.js, the manifest's reader for the service worker and the page, run in Node
(no browser): what it refuses, and that it refuses a huge file before reading it whole.

Each case is a Response (Node has the same fetch API) made from the text below; the answer is
{problem} or {version}.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHA = "ab" * 32
GOOD = {"version": "71e77bf303ea385d", "files": {"js/boot.js": {"size": 10, "sha256": SHA},
                                                   "vendor/x.js": {"size": 5, "sha256": SHA, "gz": 3}}}

RUN = """
globalThis.self = globalThis;
require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {
  const out = [];
  for (const c of cases) {
    let body = c.text;
    if (c.repeat) body = c.text.repeat(c.repeat) + (c.close || "").repeat(c.repeat);
    const response = new Response(body, { status: c.status || 200 });
    const { manifest, problem } = await labManifest.read(response);
    out.push(problem ? { problem } : { version: manifest.version });
  }
  console.log(JSON.stringify(out));
})();
"""


def read_all(cases: list[dict]) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node on PATH (setup installs Node.js 20)")
    done = subprocess.run([node, "-e", RUN, str(ROOT / "js" / "manifest_check.js")],
                          input=json.dumps(cases), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def with_files(files) -> str:
    return json.dumps({"version": "v1", "files": files})


def test_a_good_manifest_is_read():
    assert read_all([{"text": json.dumps(GOOD)}]) == [{"version": "71e77bf303ea385d"}]


def test_each_field_is_checked_and_named():
    """Issue 34, item 15: a manifest without `files` stopped the boot, blaming core.js."""
    cases = {
        json.dumps({"version": "v1"}): '"files" is missing or not an object',
        json.dumps({"files": {}}): '"version" is missing',
        json.dumps([1, 2]): "it is not a JSON object",
        "not json {": "it is not valid JSON",
        with_files([]): '"files" is missing or not an object',
        with_files({"a.js": None}): 'files["a.js"] is not an object',
        with_files({"a.js": {"size": "10", "sha256": SHA}}): 'files["a.js"].size is not a whole',
        with_files({"a.js": {"size": -1, "sha256": SHA}}): 'files["a.js"].size is not a whole',
        with_files({"a.js": {"size": 1.5, "sha256": SHA}}): 'files["a.js"].size is not a whole',
        with_files({"a.js": {"size": 1, "sha256": "xyz"}}): 'files["a.js"].sha256 is not 64',
        with_files({"a.js": {"size": 1, "sha256": SHA, "gz": 0}}): 'files["a.js"].gz is not',
        with_files({"../etc/passwd": {"size": 1, "sha256": SHA}}): "has an empty, . or .. part",
        with_files({"/abs.js": {"size": 1, "sha256": SHA}}): "is not a plain relative path",
        with_files({"a.js?x=1": {"size": 1, "sha256": SHA}}): "is not a plain relative path",
    }
    answers = read_all([{"text": text} for text in cases])
    for (text, expected), answer in zip(cases.items(), answers, strict=True):
        problem = answer.get("problem", "")
        assert problem.startswith("vendor/manifest.json is not usable: "), (text, answer)
        assert expected in problem, (text, answer)


def test_a_missing_manifest_says_what_the_server_answered():
    assert read_all([{"text": "nope", "status": 404}]) == [
        {"problem": "vendor/manifest.json is missing (the server answered 404)."}]


def test_deep_huge_and_many_are_refused_before_or_without_harm():
    deep = 400_000  # 800 KB of brackets: under the size limit, deeper than any stack
    answers = read_all([
        {"text": "[", "repeat": deep, "close": "]"},
        {"text": '{"version": "v1", "files": {"a.js": ', "repeat": deep // 40, "close": "}"},
        {"text": " ", "repeat": 5_000_000},  # past the 4 MB read limit: not read whole
        {"text": with_files({f"f{i}.js": {"size": 1, "sha256": SHA} for i in range(20_001)})},
        {"text": json.dumps({"version": "v1", "files": {"a.js": {"size": 1, "sha256": SHA,
                                                                  "gz": [[[[[]]]]]}}})},
    ])
    assert answers[0]["problem"].startswith("vendor/manifest.json is not usable: "), answers[0]
    assert answers[1]["problem"].startswith("vendor/manifest.json is not usable: "), answers[1]
    assert "more than 4000000 bytes" in answers[2]["problem"]
    assert "more than 20000 files" in answers[3]["problem"]
    assert 'files["a.js"].gz is not' in answers[4]["problem"]
