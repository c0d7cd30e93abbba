// What the page will ask for in a moment, asked for now (js/boot.js calls it once the service
// worker controls the page, or, on a first visit that loads plainly, the model alone), and each
// demo's code shown while Python starts.
//
//   labBoot.preload(manifestRead, firstVisit)   // manifestRead: a promise, settled once
//                                               // labBoot.manifest is read
//   labBoot.preloadModel(manifestRead)   // a first visit under ./lab serve: the model only
//   labBoot.previewCode()           // the demos' .py files, read-only, until the editors come
//
// Preloaded: Python's files, the lab's own .py files (pyscript.toml's [files]) on a first visit
// only, then the first demo's own model (index.html: its section's data-model, unless the address
// picks another with the parameter its data-model-param names). The model comes after Python's
// files, so on a slow network it does not share the bandwidth Python waits for; it arrives while
// Python starts. Only through the service worker, which answers the page's own request later from
// the same download (an own file: once, in this page load). On a later visit the .py files come
// from the server as a 304 each: asked for early, they would hold the worker while PyScript's own
// modules, imported one after the other, wait behind them.
(() => {
  const boot = window.labBoot;

  async function preload(manifestRead, firstVisit) {
    const ask = (path, headers = {}) => fetch(boot.ROOT + path, {headers})
      .then((r) => r.blob()).catch(() => null);  // read, not kept
    const own = {"X-Lab-Preload": "1"};
    if (firstVisit) ask("pyscript.toml", own).then(async (toml) => {
      for (const path of toml ? pythonFilesOf(await toml.text()) : []) ask(path, own);
    });
    await Promise.all([...boot.PYTHON_FILES.map((path) => ask(path)), manifestRead]);
    askModel(ask);
  }

  // A first visit that loads plainly (js/boot.js: the server sends vendor/ gzip-encoded, with a
  // week's Cache-Control): the page's own request for the model is answered from the HTTP cache.
  // Asked once the page has Python's snapshot, so that the model does not slow Python.
  async function preloadModel(manifestRead) {
    await Promise.all([manifestRead, new Promise((resolve) => {
      const observer = new PerformanceObserver((list) => {
        if (list.getEntries().some((e) => e.name.endsWith("/vendor/pyodide/snapshot.bin"))) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe({ type: "resource", buffered: true });
    })]);
    askModel((path) => fetch(boot.ROOT + path).then((r) => r.blob()).catch(() => null));
  }

  function askModel(ask) {
    const section = boot.firstSection();
    const model = section && section.dataset.model;
    // another model picked in the address (the section's data-model-param: ?pose=, ?model=)
    const picked = section && section.dataset.modelParam &&
      new URLSearchParams(location.search).has(section.dataset.modelParam);
    if (!boot.manifest || !model || picked) return;
    for (const path of Object.keys(boot.manifest.files)) if (path.startsWith(model)) ask(path);
  }

  // The files pyscript.toml's [files] puts in Python's file system, from its {FROM} lines (the
  // only form it uses: tests/unit/test_layout.py), as paths from the root.
  function pythonFilesOf(toml) {
    const from = /^"\{FROM\}"\s*=\s*"\.\/([^"]+)"/m.exec(toml);
    if (!from) return [];
    return [...toml.matchAll(/^"\{FROM\}(\/[^"]+)"\s*=/gm)].map((m) => from[1] + m[1]);
  }

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

  boot.preload = preload;
  boot.preloadModel = preloadModel;
  boot.pythonFilesOf = pythonFilesOf;
  boot.previewCode = previewCode;
})();
