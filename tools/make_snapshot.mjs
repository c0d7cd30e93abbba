// Make vendor/pyodide/snapshot.bin: the memory of a Pyodide interpreter that has started,
// which js/pyodide.mjs restores instead of starting Python at every visit.
//
//     node tools/make_snapshot.mjs      (./lab setup runs it when vendor/pyodide changes)
//
// Made in Node from the same files the page loads (vendor/pyodide/), and made again when they
// change. A snapshot Pyodide cannot read makes the page start Python the long way.
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";
import { writeFileSync, renameSync } from "node:fs";
import { fileURLToPath } from "node:url";

const index = fileURLToPath(new URL("../vendor/pyodide/", import.meta.url));
const started = performance.now();
const pyodide = await loadPyodide({ indexURL: index, _makeSnapshot: true });
// what unpacking PyScript's [files] archive imports (a first import in the page costs a few
// hundred ms): pure Python, no JavaScript object held
pyodide.runPython("import shutil, tarfile, zipfile, pyodide._package_loader");
const snapshot = pyodide.makeMemorySnapshot();
// written beside, then renamed: a page never reads half a snapshot
writeFileSync(index + "snapshot.bin.part", snapshot);
renameSync(index + "snapshot.bin.part", index + "snapshot.bin");
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`vendor/pyodide/snapshot.bin: ${(snapshot.length / 1e6).toFixed(1)} MB (${seconds} s)`);
