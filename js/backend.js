// The wasm backend starts here, while Python starts, unless the address asks for another
// (?backend=). Python's lab.core.engine.start_backend() then finds it started, or, if it could
// not start, tries again and falls back with a message, as it would have on its own.
"use strict";
(() => {
  // the wasm binaries sit next to the backend's script; set before any backend starts
  tf.wasm.setWasmPaths(new URL("vendor/tfjs-backend-wasm/", location.href).href);
  const asked = new URLSearchParams(location.search).get("backend");
  if (asked === null || asked === "wasm") tf.setBackend("wasm").catch(() => {});
})();
