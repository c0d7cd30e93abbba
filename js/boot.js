// The page's boot: the service worker first (js/service-worker.js), then the scripts index.html
// lists as `type="lab/deferred"`, in order (js/boot_scripts.js), with one progress line per stage
// while they load (js/boot_progress.js) and what the page will need asked for early
// (js/boot_preload.js). index.html loads those three and js/manifest_check.js before this file.
//
// On a first visit the worker is registered and the scripts wait until it controls the page, so
// that the big files come through it compressed and are kept; where no worker can run (blocked,
// or not there), the page loads as before, plainly. Under ./lab serve, which sends vendor/
// gzip-encoded itself and says so (tools/serve.py: Server-Timing `lab-gzip`, read from the page's
// own answer, no request more), a first visit loads plainly at once, and the worker is
// registered once the page is ready, to keep the offline copy (data-worker="after-ready").
// What the worker says (offline, a new version kept, a file it could not use) is shown under
// the header. The Python app writes #boot-status,
// #backend and data-ready; this file only reads them.
(() => {
  const boot = window.labBoot;
  const WAIT_FOR_WORKER_MS = 5000;
  const KEEP_AFTER_READY_MS = 10000;
  const ARCHIVE_TOML = "pyscript.archive.toml";
  const REWRITE = "Run ./lab serve (its setup rewrites the manifest), then reload.";

  function onWorkerMessage(event) {
    const data = event.data || {};
    if (data.source !== "lab-sw") return;
    if (data.type === "progress") boot.bytes(data.path, data.loaded);
    else if (data.type === "failed") boot.failedFile(data.path, typeof data.status === "number"
      ? `the server answered ${data.status}` : data.status);
    else if (data.type === "note") boot.note(data.text, "warning");
    else if (data.type === "status" && !data.online) {
      boot.offline("Working offline: the server did not answer, so the lab runs from the copy it kept.");
    } else if (data.type === "status" && data.problem) {
      // the page's own read of the manifest has said what is wrong (readManifest)
      document.documentElement.dataset.offline = "unavailable";
    } else if (data.type === "kept") {
      if (!data.complete) {
        boot.offline("Not everything could be kept for offline use, so the copy kept before (if " +
                     "any) stays the one used without the server: " + data.notes.join(" "));
      } else if (data.newVersion) {
        const files = data.changed === 1 ? "1 file" : `${data.changed} files`;
        boot.offline(`A new version of the lab is ready (${files} changed since your last visit) ` +
                     "and kept for offline use.");
      } else boot.offline("Kept for offline use: the lab now starts without the server.");
      document.documentElement.dataset.offline = data.complete ? "ready" : "incomplete";
    }
  }

  // whether the server sends vendor/ gzip-encoded (tools/serve.py)
  function serverGzips() {
    const entry = performance.getEntriesByType("navigation")[0];
    return Boolean(entry && entry.serverTiming && entry.serverTiming.some((e) => e.name === "lab-gzip"));
  }

  async function worker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return false;
    navigator.serviceWorker.addEventListener("message", onWorkerMessage);
    // registered already (the browser checks sw.js for an update on its own): a register() here
    // waited behind the registration's other jobs, once up to 1.5 s
    if (navigator.serviceWorker.controller) return true;
    let registration;
    try {
      registration = await navigator.serviceWorker.register(boot.ROOT + "sw.js", { updateViaCache: "none" });
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

  // The manifest gives the progress lines their totals. Missing or unusable, the page says what
  // is wrong and boots from the server all the same (the worker, too, then leaves it alone).
  async function readManifest() {
    let response = null;
    try {
      response = await fetch(boot.ROOT + "vendor/manifest.json", { cache: "no-cache" });
    } catch (error) {
      // no answer at all: the worker says the lab is offline, or there is nothing to say
    }
    if (response) {
      const { manifest, problem } = await labManifest.read(response);
      boot.manifest = manifest;
      if (problem) {
        boot.note(`${problem} The lab runs from the server, without its offline copy or the ` +
                  `sizes of what it loads. ${REWRITE}`, "warning");
      }
    }
    boot.render();
  }

  function watchApp() {
    const backend = document.getElementById("backend");
    const status = document.getElementById("boot-status");
    const check = () => {
      if (backend.textContent.trim() && backend.textContent.trim() !== "–") {
        boot.show("backend", `TF.js backend: ${backend.textContent.trim()}`, "done");
      } else if (/no backend/i.test(status.textContent)) {
        boot.fail("backend", "no TensorFlow.js backend could start in this browser (see the " +
                             "message above): try another browser, or ?backend=cpu.");
      } else if (/TensorFlow/.test(status.textContent) && boot.line("python").dataset.state === "done") {
        boot.show("backend", "TF.js backend: starting…");
      }
      if (document.documentElement.dataset.ready === "1") ready();
    };
    const observer = new MutationObserver(check);
    observer.observe(backend, { childList: true, characterData: true, subtree: true });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-ready"] });
  }

  let readyOnce = false;
  let registerWhenReady = false;
  function ready() {
    if (readyOnce) return;
    readyOnce = true;
    // what another tab needs, while the user reads this one (a failure is said when it is asked for)
    setTimeout(() => window.labLoadScripts(boot.lazyNames().join(" ")).catch(() => {}), 0);
    const sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (sw) keep(sw);
    else if (registerWhenReady) {
      // once the first demo has its first result (its model and first frame do not share the
      // network with the offline copy), or a while after ready; its activation claims this page
      // (clients.claim()): from then on, the worker answers it
      firstResult(KEEP_AFTER_READY_MS).then(worker).then(async () => {
        const registration = await navigator.serviceWorker.getRegistration(boot.ROOT);
        const active = navigator.serviceWorker.controller || (registration && registration.active);
        if (active) keep(active);
      }).catch(() => {});
    }
  }

  // resolves once the first demo's result shows (or after `ms`)
  function firstResult(ms) {
    const section = boot.firstSection() || document.getElementById("demo-tensors");
    const result = section && section.querySelector("pre[id$='-result']");
    return new Promise((resolve) => {
      if (!result || result.textContent.trim()) return resolve();
      const observer = new MutationObserver(() => {
        if (result.textContent.trim()) done();
      });
      const timer = setTimeout(() => done(), ms);
      const done = () => {
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      };
      observer.observe(result, { childList: true, characterData: true, subtree: true });
    });
  }

  async function keep(sw) {
    sw.postMessage({ type: "status" });
    const loaded = performance.getEntriesByType("resource").map((e) => new URL(e.name))
      .filter((u) => u.href.startsWith(boot.ROOT) && !u.search).map((u) => boot.pathOf(u.href));
    if (registerWhenReady) {  // the .py files came in one archive: the worker keeps each
      const toml = await fetch(boot.ROOT + "pyscript.toml", { cache: "no-cache" })
        .then((r) => (r.ok ? r.text() : ""), () => "");
      loaded.push("pyscript.toml", ...boot.pythonFilesOf(toml));
    }
    sw.postMessage({ type: "keep", loaded });
  }

  async function start() {
    boot.show("python", "Python: waiting for its files…");
    boot.previewCode();
    boot.watchResources();
    watchApp();
    // a page the worker controls from its first request: it has been here before
    const firstVisit = !(navigator.serviceWorker && navigator.serviceWorker.controller);
    registerWhenReady = firstVisit && "serviceWorker" in navigator && window.isSecureContext &&
      serverGzips();
    const controlled = !registerWhenReady && (await worker());
    performance.mark("lab:scripts-asked");  // for the bench (bench/boot_timeline.py)
    document.documentElement.dataset.worker = controlled ? "1" : registerWhenReady ? "after-ready" : "0";
    const manifestRead = readManifest();
    if (controlled) boot.preload(manifestRead, firstVisit);
    else if (registerWhenReady) boot.preloadModel(manifestRead);
    // ./lab serve gives the .py files in one archive too (tools/py_archive.py): one request,
    // not one each, while Python waits for them
    const python = document.querySelector('script[type="py"][config="pyscript.toml"]');
    if (registerWhenReady && python) {
      python.setAttribute("config", ARCHIVE_TOML);
      // asked for now, while Python starts: PyScript's own ask, once Python is restored, then
      // finds it in the browser's cache (its name stands for its content)
      fetch(boot.ROOT + ARCHIVE_TOML).then((r) => (r.ok ? r.text() : ""))
        .then((toml) => /^"\.\/(__lab\/py-lab-[0-9a-f]+\.tar)"/m.exec(toml))
        .then((found) => found && fetch(boot.ROOT + found[1]).then((r) => r.blob()))
        .catch(() => {});  // PyScript asks again, and says what went wrong
    }
    // the lab's modules as setup compiled them (tools/make_bytecode.mjs), for py/main.py
    boot.bytecode = fetch(boot.ROOT + "vendor/pyodide/lab-bytecode.bin")
      .then((r) => (r.ok ? r.arrayBuffer() : null), () => null);
    boot.loadScripts();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
