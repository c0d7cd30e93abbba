// Pyodide for PyScript (pyscript.toml's `interpreter`), started from a memory snapshot.
//
// Starting Python is most of the page's boot: about 4 of the 5 seconds loadPyodide() takes
// here go to initializing the interpreter, the same work at every visit. `./lab` setup runs
// it once (tools/make_snapshot.mjs) and saves the interpreter's memory in
// vendor/pyodide/snapshot.bin; restoring that takes about a second. Without the file, or
// if Pyodide cannot read it, Python starts the long way and the console says why.
//
// JavaScript because PyScript imports the interpreter as a module and calls its
// loadPyodide() with options of its own; this module adds the snapshot to them, and has the lab's
// archive of .py files written by js/tar_files.mjs.
import { loadPyodide as loadWithoutSnapshot, version } from "../vendor/pyodide/pyodide.mjs";
import { unpackTarFirst } from "./tar_files.mjs";

// PyScript opens IndexedDB once it has this module: where the browser blocks it, one kept in
// memory takes its place first (see js/storage.js).
if (window.labStorageBlocked) await import("../vendor/fake-indexeddb/auto/index.mjs");

export { version };

// PyScript gives the directory of this module as Pyodide's files: they are in vendor/
const INDEX_URL = new URL("../vendor/pyodide/", import.meta.url).href;
const SNAPSHOT_URL = new URL("snapshot.bin", INDEX_URL).href;

export async function loadPyodide(options = {}) {
  performance.mark("lab:pyodide-asked");  // the boot's stages, for the bench (bench/boot_timeline.py)
  try {
    const pyodide = await loadStarted(options);
    pyodide.unpackArchive = unpackTarFirst(pyodide, pyodide.unpackArchive.bind(pyodide));  // see there
    performance.mark("lab:python-restored");
    window.labBoot?.pythonStarted();
    return pyodide;
  } catch (error) {
    // the progress line names the stage; PyScript shows the error itself
    window.labBoot?.fail("python", `Pyodide did not start (${error.message || error}). Run ./lab ` +
                         "serve (its setup rebuilds vendor/pyodide/), then reload.");
    throw error;
  }
}

async function loadStarted(options) {
  const settings = { ...options, indexURL: INDEX_URL };
  let reason;
  try {
    const response = await fetch(SNAPSHOT_URL);
    if (response.ok) {
      return await loadWithoutSnapshot({ ...settings, _loadSnapshot: response.arrayBuffer() });
    }
    reason = `${SNAPSHOT_URL} answered ${response.status}`;
  } catch (error) {
    reason = String(error);
  }
  console.warn(`Python starts without its snapshot (${reason}), which takes a few seconds ` +
               "longer: run ./lab serve (or ./lab test) once to make it.");
  return loadWithoutSnapshot(settings);
}
