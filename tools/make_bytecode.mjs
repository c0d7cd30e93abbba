// Make vendor/pyodide/lab-bytecode.bin: the lab's Python (py/lab/**/*.py) compiled by the
// vendored Pyodide's own Python, one .pyc per module, which py/main.py's loader reads (from
// memory) for the lab's imports, so that the page does not compile each module at every visit.
//
//     node tools/make_bytecode.mjs      (./lab setup runs it when py/lab or vendor/pyodide change)
//
// Each .pyc is hash-checked (PEP 552): Python compares it with its .py's hash at import and
// compiles the .py instead when they differ, so an edit to py/ shows on the next reload even
// before setup runs again, and an old file is only slower. The file: marshal of a dict,
// {"core/__pycache__/bridge.cpython-314.pyc": the .pyc's bytes, ...}, paths within the package.
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";
import { readFileSync, readdirSync, writeFileSync, renameSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const started = performance.now();
// the demos' scripts and the sketch starters are run from their text (lab.core.runner), not
// imported: not compiled here
const SCRIPTS = /^(demos|sketch\/starters)\/(?!__init__\.py$)/;
const sources = {};
(function walk(folder, prefix) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== "__pycache__") {
      walk(`${folder}/${entry.name}`, `${prefix}${entry.name}/`);
    } else if (entry.isFile() && entry.name.endsWith(".py") && !SCRIPTS.test(prefix + entry.name)) {
      sources[prefix + entry.name] = new Uint8Array(readFileSync(`${folder}/${entry.name}`));
    }
  }
})(root + "py/lab", "");

const pyodide = await loadPyodide({ indexURL: root + "vendor/pyodide/" });
pyodide.globals.set("sources", pyodide.toPy(sources));
const [blob, made, skipped] = pyodide.runPython(`
import marshal
from importlib._bootstrap_external import _code_to_hash_pyc, cache_from_source
from importlib.util import source_hash

made, skipped = {}, []
for name, data in sorted(sources.items()):
    data = bytes(data)
    try:
        code = compile(data, "lab/" + name, "exec", dont_inherit=True)
    except SyntaxError:  # the page compiles it, and says what is wrong, as without this file
        skipped.append(name)
        continue
    made[cache_from_source(name)] = bytes(_code_to_hash_pyc(code, source_hash(data), checked=True))
(marshal.dumps(made), len(made), skipped)
`).toJs();
const file = root + "vendor/pyodide/lab-bytecode.bin";
writeFileSync(file + ".part", blob);  // written beside, then renamed: never half a file
renameSync(file + ".part", file);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`vendor/pyodide/lab-bytecode.bin: ${made} modules, ${(blob.length / 1e6).toFixed(2)} MB ` +
            `(${seconds} s)${skipped.length ? `; not compiled: ${skipped.join(", ")}` : ""}`);
