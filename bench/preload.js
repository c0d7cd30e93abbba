// The bench's preload lever (the boot case `lab, preload`), injected before the page's own
// scripts: from the page's first moment it asks for what the page would otherwise ask for
// only once Python runs (Pyodide's files ~2 s in, TF.js's wasm binary and the demo's model
// ~6 s in), so that they wait in the memory cache. As a page would with <link rel=preload>
// lines at the top of its <head>.
(() => {
  const demo = new URLSearchParams(location.search).get("demo");
  const models = {
    pose: ["vendor/models/posenet/posenet.json", "vendor/models/posenet/posenet.bin"],
    classify: ["vendor/models/efficientnet-lite0/model.json",
               "vendor/models/efficientnet-lite0/metadata.json",
               ...[1, 2, 3].map(n => `vendor/models/efficientnet-lite0/group1-shard${n}of3.bin`)],
  };
  const scripts = ["vendor/pyodide/pyodide.mjs", "vendor/pyodide/pyodide.asm.mjs"];
  const fetched = ["vendor/pyodide/pyodide-lock.json", "vendor/pyodide/python_stdlib.zip",
                   "vendor/pyodide/pyodide.asm.wasm", "pyscript.toml",
                   "vendor/tfjs-backend-wasm/tfjs-backend-wasm-simd.wasm", ...(models[demo] ?? [])];
  const add = (href, rel, as) => {
    const link = document.createElement("link");
    link.rel = rel;
    link.href = href;
    if (as) { link.as = as; link.crossOrigin = "anonymous"; }  // matches fetch()'s cors mode
    document.documentElement.append(link);
  };
  const start = () => {
    scripts.forEach(href => add(href, "modulepreload"));
    fetched.forEach(href => add(href, "preload", "fetch"));
  };
  // an init script runs before the parser has made <html>: start as soon as it has
  if (document.documentElement) start();
  else new MutationObserver((_, observer) => {
    if (!document.documentElement) return;
    observer.disconnect();
    start();
  }).observe(document, {childList: true});
})();
