// The page's boot: the service worker first (js/service-worker.js), then the scripts index.html
// lists as `type="lab/deferred"`, in order, and one progress line per stage while they load.
//
// On a first visit the worker is registered and the scripts wait until it controls the page, so
// that the big files come through it compressed and are kept; where no worker can run (blocked,
// or not there), the page loads as before, plainly. Stages: Python (its files, MB of MB), the
// TF.js backend, a model (MB of MB, once a demo asks for one). A stage that fails says which
// file or step and what to do. The Python app writes #boot-status, #backend and data-ready; this
// file only reads them.
(() => {
  const ROOT = new URL("./", document.baseURI).href;
  const PYTHON_FILES = ["vendor/pyodide/pyodide.mjs", "vendor/pyodide/pyodide.asm.mjs",
                        "vendor/pyodide/pyodide.asm.wasm", "vendor/pyodide/python_stdlib.zip",
                        "vendor/pyodide/pyodide-lock.json", "vendor/pyodide/snapshot.bin"];
  const WAIT_FOR_WORKER_MS = 5000;
  const SETUP = "Run ./lab serve (its setup rebuilds vendor/), then reload.";
  const log = []; // every line shown, in order: what tests and the bench read
  const loaded = new Map(); // path -> bytes so far
  let manifest = null;

  const line = (stage) => document.getElementById(`boot-${stage}`);
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

  const failed = (stage) => line(stage) && line(stage).dataset.state === "failed";

  function fail(stage, what) {
    if (failed(stage)) return; // the first word on a stage is the most precise one
    const names = { python: "Python", backend: "TF.js backend", model: "Model" };
    show(stage, `${names[stage]} failed: ${what}`, "failed");
    document.getElementById("boot-progress").dataset.failed = stage;
  }

  function sizes(paths) {
    let done = 0, total = 0;
    for (const path of paths) {
      const entry = manifest && manifest.files[path];
      total += entry ? entry.size : 0;
      done += loaded.get(path) || 0;
    }
    return [done, total];
  }

  function modelPaths() {
    const dirs = new Set([...loaded.keys()].filter((p) => p.startsWith("vendor/models/"))
      .map((p) => p.split("/").slice(0, 3).join("/") + "/"));
    const listed = manifest ? Object.keys(manifest.files) : [];
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

  // what the page fetched itself (no worker, or files the worker passes on)
  function watchResources() {
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.name.startsWith(ROOT)) continue;
        const path = decodeURIComponent(new URL(entry.name).pathname.slice(new URL(ROOT).pathname.length));
        if (entry.responseStatus >= 400) failedFile(path, `the server answered ${entry.responseStatus}`);
        else if (entry.decodedBodySize) bytes(path, entry.decodedBodySize);
      }
    });
    observer.observe({ type: "resource", buffered: true });
  }

  function onWorkerMessage(event) {
    const data = event.data || {};
    if (data.source !== "lab-sw") return;
    if (data.type === "progress") bytes(data.path, data.loaded);
    else if (data.type === "failed") failedFile(data.path, typeof data.status === "number"
      ? `the server answered ${data.status}` : data.status);
    else if (data.type === "note") note(data.text, "warning");
    else if (data.type === "status" && !data.online) {
      offline("Working offline: the server did not answer, so the lab runs from the copy it kept.");
    } else if (data.type === "kept") {
      if (!data.complete) offline("Not everything could be kept for offline use: " + data.notes.join(" "));
      else if (data.newVersion) {
        const files = data.changed === 1 ? "1 file" : `${data.changed} files`;
        offline(`A new version of the lab is ready (${files} changed since your last visit) and ` +
                "kept for offline use.");
      } else offline("Kept for offline use: the lab now starts without the server.");
      document.documentElement.dataset.offline = data.complete ? "ready" : "incomplete";
    }
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

  async function worker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return false;
    navigator.serviceWorker.addEventListener("message", onWorkerMessage);
    let registration;
    try {
      registration = await navigator.serviceWorker.register(ROOT + "sw.js", { updateViaCache: "none" });
    } catch (error) {
      console.warn(`No service worker (${error.message}): the page loads plainly, uncompressed, ` +
                   "and will not start without the server.");
      return false;
    }
    // a registration stubbed out (Playwright's serviceWorkers: "block") gives no registration
    if (!(registration instanceof ServiceWorkerRegistration)) return false;
    if (navigator.serviceWorker.controller) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), WAIT_FOR_WORKER_MS);
      navigator.serviceWorker.addEventListener("controllerchange", () => {
        clearTimeout(timer);
        resolve(true);
      }, { once: true });
    });
  }

  // A script marked data-lazy="<name>" in index.html is needed by some demos only (their
  // section's data-scripts): it loads at boot only if the first demo shown needs it, else when
  // a demo asks (labLoadScripts, from the Python app), and in the background once the page is
  // ready, so that the Core API tab never waits for p5 or pose-detection.
  const lazy = new Map(); // name -> {src, loading}

  // the section of the demo the address opens (?demo=), if it names one
  function firstSection() {
    return document.getElementById(`demo-${new URLSearchParams(location.search).get("demo")}`);
  }

  function neededFirst() {
    const section = firstSection();
    return new Set(((section && section.dataset.scripts) || "").split(/\s+/).filter(Boolean));
  }

  function loadLazy(name) {
    const entry = lazy.get(name);
    if (!entry) return Promise.resolve(); // loaded at boot, or no such script
    entry.loading = entry.loading || new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = entry.src;
      script.addEventListener("load", resolve);
      script.addEventListener("error", () => {
        script.remove();
        entry.loading = null; // asked again, it is fetched again
        reject(new Error(`${entry.src} could not be loaded. ${SETUP}`));
      });
      document.head.append(script);
    });
    return entry.loading;
  }

  window.labLoadScripts = (names) =>
    Promise.all(String(names || "").split(/\s+/).filter(Boolean).map(loadLazy));

  function loadScripts() {
    const needed = neededFirst();
    for (const placeholder of document.querySelectorAll('script[type="lab/deferred"]')) {
      const name = placeholder.dataset.lazy;
      if (name !== undefined && !needed.has(name)) {
        lazy.set(name, { src: placeholder.dataset.src, loading: null });
        placeholder.remove();
        continue;
      }
      const script = document.createElement("script");
      script.src = placeholder.dataset.src;
      if (placeholder.dataset.module !== undefined) script.type = "module";
      script.async = false; // keep index.html's order, as `defer` did
      script.addEventListener("error", () => failedFile(placeholder.dataset.src, "it did not load"));
      placeholder.replaceWith(script);
    }
  }

  async function readManifest() {
    try {
      const response = await fetch(ROOT + "vendor/manifest.json", { cache: "no-cache" });
      if (response.ok) manifest = await response.json();
    } catch (error) {
      // no manifest (setup not run): progress shows MB loaded without a total
    }
    render();
  }

  function watchApp() {
    const backend = document.getElementById("backend");
    const status = document.getElementById("boot-status");
    const check = () => {
      if (backend.textContent.trim() && backend.textContent.trim() !== "–") {
        show("backend", `TF.js backend: ${backend.textContent.trim()}`, "done");
      } else if (/no backend/i.test(status.textContent)) {
        fail("backend", "no TensorFlow.js backend could start in this browser (see the message " +
                        "above): try another browser, or ?backend=cpu.");
      } else if (/TensorFlow/.test(status.textContent) && line("python").dataset.state === "done") {
        show("backend", "TF.js backend: starting…");
      }
      if (document.documentElement.dataset.ready === "1") ready();
    };
    const observer = new MutationObserver(check);
    observer.observe(backend, { childList: true, characterData: true, subtree: true });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-ready"] });
  }

  let readyOnce = false;
  function ready() {
    if (readyOnce) return;
    readyOnce = true;
    // what another tab needs, while the user reads this one (a failure is said when it is asked for)
    setTimeout(() => window.labLoadScripts([...lazy.keys()].join(" ")).catch(() => {}), 0);
    const sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (sw) {
      sw.postMessage({ type: "status" });
      const base = new URL(ROOT).pathname;
      const loaded = performance.getEntriesByType("resource").map((e) => new URL(e.name))
        .filter((u) => u.href.startsWith(ROOT) && !u.search)
        .map((u) => decodeURIComponent(u.pathname.slice(base.length)));
      sw.postMessage({ type: "keep", loaded });
    }
  }

  window.labBoot = {
    log,
    bytes: (path, count) => bytes(path, count),
    pythonStarted() {
      const total = sizes(PYTHON_FILES)[1];
      show("python", total ? `Python: ${mb(total)} MB, started` : "Python: started", "done");
      show("backend", "TF.js backend: starting…");
    },
    fail,
    failedFile,
  };

  // Each demo's code, to read while Python starts; the editor takes its place once it can run.
  function previewCode() {
    for (const panel of document.querySelectorAll(".code-panel[id$='-code']")) {
      const demo = panel.id.slice(0, -"-code".length);
      fetch(`py/lab/demos/${demo}.py`).then((answer) => answer.ok ? answer.text() : null)
        .then((code) => {
          if (code === null || panel.childElementCount) return;  // the editor came first
          const title = document.createElement("p");
          title.className = "code-preview-title";
          title.textContent = `Python · py/lab/demos/${demo}.py (read-only until Python has started)`;
          const pre = document.createElement("pre");
          pre.className = "code-preview";
          pre.textContent = code;
          panel.replaceChildren(title, pre);
        }, () => {});  // no preview: the editor shows the code once Python runs
    }
  }

  async function boot() {
    show("python", "Python: waiting for its files…");
    previewCode();
    watchResources();
    watchApp();
    const controlled = await worker();
    document.documentElement.dataset.worker = controlled ? "1" : "0";
    const manifestRead = readManifest();
    if (controlled) preload(manifestRead);
    loadScripts();
  }

  // What the page will ask for in a moment, asked for now, so that the network works while the
  // scripts parse and Python starts: Python's files, the lab's own .py files (pyscript.toml's
  // [files]), then the first demo's own model (index.html: its section's data-model, unless the
  // address picks another with the parameter its data-model-param names). The model comes after
  // Python's files, so on a slow network it does not share the bandwidth Python waits for; it
  // arrives while Python starts. Only through the service worker, which answers the page's own
  // request later from the same download (an own file: once, in this page load).
  async function preload(manifestRead) {
    const ask = (path, headers = {}) => fetch(ROOT + path, {headers})
      .then((r) => r.blob()).catch(() => null);  // read, not kept
    const own = {"X-Lab-Preload": "1"};
    ask("pyscript.toml", own).then(async (toml) => {
      for (const path of toml ? pythonFilesOf(await toml.text()) : []) ask(path, own);
    });
    await Promise.all([...PYTHON_FILES.map((path) => ask(path)), manifestRead]);
    const section = firstSection();
    const model = section && section.dataset.model;
    // another model picked in the address (the section's data-model-param: ?pose=, ?model=)
    const picked = section && section.dataset.modelParam &&
      new URLSearchParams(location.search).has(section.dataset.modelParam);
    if (!manifest || !model || picked) return;
    for (const path of Object.keys(manifest.files)) if (path.startsWith(model)) ask(path);
  }

  // The files pyscript.toml's [files] puts in Python's file system, from its {FROM} lines (the
  // only form it uses: tests/unit/test_layout.py), as paths from the root.
  function pythonFilesOf(toml) {
    const from = /^"\{FROM\}"\s*=\s*"\.\/([^"]+)"/m.exec(toml);
    if (!from) return [];
    return [...toml.matchAll(/^"\{FROM\}(\/[^"]+)"\s*=/gm)].map((m) => from[1] + m[1]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
