// What the page will ask for in a moment, asked for now (js/boot.js calls it once the service
// worker controls the page), and each demo's code shown while Python starts.
//
//   labBoot.preload(manifestRead)   // manifestRead: a promise, settled once labBoot.manifest is read
//   labBoot.previewCode()           // the demos' .py files, read-only, until the editors come
//
// Preloaded: Python's files, then the first demo's own model (index.html: its section's
// data-model, unless the address picks another with the parameter its data-model-param names).
// The model comes after Python's files, so on a slow network it does not share the bandwidth
// Python waits for; it arrives while Python starts. Not the lab's own .py files: each is
// revalidated with the server, and asked for early they held the service worker while PyScript's
// own modules, imported one after the other, waited behind them.
(() => {
  const boot = window.labBoot;

  async function preload(manifestRead) {
    const ask = (path) => fetch(boot.ROOT + path).then((r) => r.blob()).catch(() => null);  // read, not kept
    await Promise.all([...boot.PYTHON_FILES.map((path) => ask(path)), manifestRead]);
    const section = boot.firstSection();
    const model = section && section.dataset.model;
    // another model picked in the address (the section's data-model-param: ?pose=, ?model=)
    const picked = section && section.dataset.modelParam &&
      new URLSearchParams(location.search).has(section.dataset.modelParam);
    if (!boot.manifest || !model || picked) return;
    for (const path of Object.keys(boot.manifest.files)) if (path.startsWith(model)) ask(path);
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
  boot.previewCode = previewCode;
})();
