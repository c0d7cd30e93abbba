// The scripts index.html lists as `type="lab/deferred"`, loaded in order by js/boot.js, and
// whether each library among them is there once its file has run.
//
//   labBoot.loadScripts()          // at boot: the first demo's libraries, the others later
//   labLoadScripts("p5 pose-detection")   // a demo's data-scripts: rejects with what to do
//   await labBoot.scriptsLoaded()  // every script asked for at boot has run or failed
//   labBoot.missing()              // "" or what the page cannot start without (py/main.py asks)
//
// A script marked data-lazy="<name>" in index.html is needed by some demos only (their section's
// data-scripts): it loads at boot only if the first demo shown needs it, else when a demo asks
// (labLoadScripts, from the Python app), and in the background once the page is ready (unless
// marked data-on-demand), so that the Core API tab never waits for p5 or pose-detection. A
// library whose file does not load, or runs without defining what it should, is named with its
// file and what to do, wherever it is asked for: never as a Python error about a missing name.
(() => {
  const boot = window.labBoot;
  // file -> [the library's name, whether it is there]; `core`: no demo runs without it
  const LIBRARIES = {
    "vendor/tfjs/tf.es2017.min.js": ["TensorFlow.js", () => window.tf && window.tf.engine, true],
    "vendor/tfjs-backend-wasm/tf-backend-wasm.es2017.min.js":
      ["TensorFlow.js's wasm backend", () => window.tf && window.tf.wasm, true],
    "vendor/codemirror/lib/codemirror.js": ["CodeMirror (the code editors)", () => window.CodeMirror, true],
    "vendor/p5/p5.min.js": ["p5.js", () => typeof window.p5 === "function"],
    "vendor/pose-detection/pose-detection.min.js": ["pose-detection", () => window.poseDetection],
    "vendor/ml5/ml5.min.js": ["ml5.js", () => window.ml5],
    "vendor/tfjs-vis/tfjs-vis.umd.min.js": ["tfjs-vis (the charts)", () => window.tfvis],
    "vendor/tfjs-backend-webgpu/tf-backend-webgpu.es2017.min.js":
      ["TensorFlow.js's WebGPU backend", () => window.tf && window.tf.findBackendFactory("webgpu")],
  };
  const lazy = new Map(); // name -> {src, loading}
  const problems = []; // what the page cannot start without

  // the section of the demo the address opens (?demo=), if it names one
  function firstSection() {
    return document.getElementById(`demo-${new URLSearchParams(location.search).get("demo")}`);
  }

  function neededFirst() {
    const section = firstSection();
    return new Set(((section && section.dataset.scripts) || "").split(/\s+/).filter(Boolean));
  }

  // what to say when `src` did not load (`loaded`: it ran, but its library is not there)
  function problem(src, loaded) {
    const why = loaded ? "ran but did not define it (the file is damaged or not the right one)"
      : `could not be loaded (${boot.whyNot(src)})`;
    if (!src.startsWith("vendor/")) {
      return `${src} ${why}: the lab's own files are incomplete. Get a complete copy of the lab ` +
             "again (git status shows what is missing), then reload.";
    }
    return `${LIBRARIES[src] ? LIBRARIES[src][0] + " did not load: " : ""}${src} ${why}. ${boot.SETUP}`;
  }

  // a promise of the script at `src` run, rejected with what to say when it did not load
  function inject(src, module = false, before = null) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      if (module) script.type = "module";
      script.async = module; // the classic ones keep index.html's order, as `defer` did
      script.addEventListener("load", () => {
        const library = LIBRARIES[src];
        if (library && !library[1]()) reject(new Error(problem(src, true)));
        else resolve();
      });
      script.addEventListener("error", () => {
        script.remove();
        reject(new Error(problem(src, false)));
      });
      if (before) before.replaceWith(script);
      else document.head.append(script);
    });
  }

  function loadLazy(name) {
    const entry = lazy.get(name);
    if (!entry) return Promise.resolve(); // no such script
    entry.loading = entry.loading || inject(entry.src).catch((error) => {
      entry.loading = null; // asked again, it is fetched again
      throw error;
    });
    return entry.loading;
  }

  window.labLoadScripts = (names) =>
    Promise.all(String(names || "").split(/\s+/).filter(Boolean).map(loadLazy));

  // PyScript (a module: index.html's `data-module`) is asked for first and runs as soon as it
  // arrives, so that Python is restored while the other scripts load and run; py/main.py awaits
  // labBoot.scriptsLoaded before it uses them.
  function loadScripts() {
    const needed = neededFirst();
    const settled = [];
    const placeholders = [...document.querySelectorAll('script[type="lab/deferred"]')];
    placeholders.sort((a, b) => (b.dataset.module !== undefined) - (a.dataset.module !== undefined));
    for (const placeholder of placeholders) {
      const name = placeholder.dataset.lazy;
      const src = placeholder.dataset.src;
      if (name !== undefined && !needed.has(name)) {
        // data-on-demand: only when a demo asks (not compiled on the page in the background)
        lazy.set(name, { src, loading: null, background: placeholder.dataset.onDemand === undefined });
        placeholder.remove();
        continue;
      }
      const loading = inject(src, placeholder.dataset.module !== undefined, placeholder);
      settled.push(loading);
      if (name !== undefined) {
        // the first demo asks for it by name: it gets this load's outcome
        const entry = { src, loading: null };
        entry.loading = loading.catch((error) => {
          entry.loading = null;
          throw error;
        });
        lazy.set(name, entry);
        entry.loading.catch(() => {}); // said when the demo asks
      } else {
        loading.catch((error) => {
          boot.failedFile(src, boot.whyNot(src)); // Python's own files: the Python line says it
          if (LIBRARIES[src] && LIBRARIES[src][2]) problems.push(error.message);
          if (!src.startsWith("vendor/pyscript/")) boot.fail("libraries", error.message);
        });
      }
    }
    scriptsLoaded = Promise.allSettled(settled); // after each one's own handlers above
    scriptsLoaded.then(() => performance.mark("lab:scripts-run")); // for the bench and a test
  }
  let scriptsLoaded = null;

  boot.loadScripts = loadScripts;
  boot.firstSection = firstSection;
  boot.lazyNames = () => [...lazy.keys()].filter((name) => lazy.get(name).background);
  boot.missing = () => problems.join(" ");
  boot.scriptsLoaded = () => scriptsLoaded || Promise.resolve();
})();
