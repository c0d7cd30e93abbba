// The boot's progress lines (js/boot.js runs the boot): one per stage, Python (its files, MB of
// MB), the TF.js backend, a model (MB of MB, once a demo asks for one), and the libraries when
// one does not load. A stage that fails says which file or step and what to do.
//
//   labBoot.bytes(path, count)          // `count` bytes of `path` arrived
//   labBoot.fail("python", what)        // "Python failed: <what>" (the first word on a stage stays)
//   labBoot.failedFile(path, why)       // the stage that file belongs to fails
//   labBoot.note(text, "warning")       // a note under the header; labBoot.offline(text): the offline line
//   labBoot.log                         // every line shown, in order: what tests and the bench read
window.labBoot = (() => {
  const ROOT = new URL("./", document.baseURI).href;
  const PYTHON_FILES = ["vendor/pyodide/pyodide.mjs", "vendor/pyodide/pyodide.asm.mjs",
                        "vendor/pyodide/pyodide.asm.wasm", "vendor/pyodide/python_stdlib.zip",
                        "vendor/pyodide/pyodide-lock.json", "vendor/pyodide/snapshot.bin"];
  const SETUP = "Run ./lab serve (its setup rebuilds vendor/), then reload.";
  const NAMES = { python: "Python failed: ", backend: "TF.js backend failed: ", model: "Model failed: ",
                  libraries: "" };
  const log = [];
  const loaded = new Map(); // path -> bytes so far
  const statuses = new Map(); // path -> the HTTP status the server answered, when >= 400
  const boot = { ROOT, PYTHON_FILES, SETUP, log, manifest: null };

  // a stage's line; the libraries' line is made the first time it is needed
  function line(stage) {
    let li = document.getElementById(`boot-${stage}`);
    if (!li && stage === "libraries" && document.getElementById("boot-progress")) {
      li = document.createElement("li");
      li.id = "boot-libraries";
      document.getElementById("boot-progress").prepend(li);
    }
    return li;
  }
  const mb = (bytes) => (bytes / 1e6).toFixed(1);

  function show(stage, text, state = "busy") {
    const li = line(stage);
    if (!li) return;
    li.hidden = false;
    const changed = li.dataset.state !== state;
    li.dataset.state = state;
    if (li.textContent !== text) {
      li.textContent = text;
      log.push({ stage, state, text, t: Math.round(performance.now()) });
    }
    // said once per stage and state, not at every megabyte (the list itself is not live)
    if (changed) announce(text, state === "failed");
  }

  function announce(text, urgent) {
    const box = document.getElementById(urgent ? "boot-alert" : "boot-said");
    if (box) box.textContent = text;
  }

  const failed = (stage) => Boolean(line(stage)) && line(stage).dataset.state === "failed";

  function fail(stage, what) {
    if (failed(stage)) return; // the first word on a stage is the most precise one
    show(stage, `${NAMES[stage]}${what}`, "failed");
    document.getElementById("boot-progress").dataset.failed = stage;
  }

  function sizes(paths) {
    let done = 0, total = 0;
    for (const path of paths) {
      const entry = boot.manifest && boot.manifest.files[path];
      total += entry ? entry.size : 0;
      done += loaded.get(path) || 0;
    }
    return [done, total];
  }

  function modelPaths() {
    const dirs = new Set([...loaded.keys()].filter((p) => p.startsWith("vendor/models/"))
      .map((p) => p.split("/").slice(0, 3).join("/") + "/"));
    const listed = boot.manifest ? Object.keys(boot.manifest.files) : [];
    const paths = listed.filter((p) => [...dirs].some((d) => p.startsWith(d)));
    return paths.length ? paths : [...loaded.keys()].filter((p) => p.startsWith("vendor/models/"));
  }

  function render() {
    if (!failed("python") && line("python").dataset.state !== "done") {
      const [done, total] = sizes(PYTHON_FILES);
      show("python", total ? `Python: ${mb(done)} of ${mb(total)} MB` : `Python: ${mb(done)} MB`);
    }
    const models = modelPaths();
    if (models.length && !failed("model")) {
      const [done, total] = sizes(models);
      const complete = total && done >= total;
      show("model", `Model: ${mb(done)} of ${mb(total)} MB${complete ? ", loaded" : ""}`,
           complete ? "done" : "busy");
    }
  }

  function bytes(path, count) {
    loaded.set(path, Math.max(loaded.get(path) || 0, count));
    render();
  }

  function failedFile(path, why) {
    const stage = path.startsWith("vendor/models/") ? "model"
      : PYTHON_FILES.includes(path) || path.startsWith("vendor/pyscript/") ? "python" : null;
    if (stage && !failed(stage)) fail(stage, `${path} could not be loaded (${why}). ${SETUP}`);
  }

  const pathOf = (url) => decodeURIComponent(new URL(url).pathname.slice(new URL(ROOT).pathname.length));

  // what the page fetched itself (no worker, or files the worker passes on)
  function watchResources() {
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.name.startsWith(ROOT)) continue;
        const path = pathOf(entry.name);
        if (entry.responseStatus >= 400) {
          statuses.set(path, entry.responseStatus);
          failedFile(path, `the server answered ${entry.responseStatus}`);
        } else if (entry.decodedBodySize) bytes(path, entry.decodedBodySize);
      }
    });
    observer.observe({ type: "resource", buffered: true });
  }

  // why `path` did not load, as far as the page can tell
  function whyNot(path) {
    const entry = performance.getEntriesByName(ROOT + path).at(-1);
    const status = statuses.get(path) || (entry && entry.responseStatus);
    return status >= 400 ? `the server answered ${status}` : "missing, or no answer from the server";
  }

  function note(text, kind) {
    console.warn(text);
    const box = document.getElementById("boot-notes");
    const p = document.createElement("p");
    p.className = kind;
    p.textContent = text;
    box.append(p);
    box.hidden = false;
  }

  function offline(text) {
    const el = document.getElementById("boot-offline");
    el.textContent = text;
    el.hidden = false;
  }

  function pythonStarted() {
    const total = sizes(PYTHON_FILES)[1];
    show("python", total ? `Python: ${mb(total)} MB, started` : "Python: started", "done");
    show("backend", "TF.js backend: starting…");
  }

  return Object.assign(boot, { line, show, fail, failed, render, bytes, failedFile, pathOf,
                               watchResources, whyNot, note, offline, pythonStarted });
})();
