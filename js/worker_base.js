// What every model worker (js/pose_worker.js, js/classify_worker.js, js/vision_worker.js)
// shares: TF.js and its wasm backend, and the message loop that js/worker_client.js talks to.
//
//     importScripts("worker_base.js");
//     labServe({async load(fields) {...}, async run({bitmap, width, height, photo, timestamp}) {...},
//               reset() {...}});   // each worker loads one model, and ends with it
//
// A handler's value (or its error's message) goes back to the page; the buffers it lists in
// `transfer` are moved there, not copied. Messages are handled one at a time, in order: a
// reset or a new frame never lands in the middle of a frame.
"use strict";
importScripts("../vendor/tfjs/tf.es2017.min.js",  // the global tf the models look for
              "../vendor/tfjs-backend-wasm/tf-backend-wasm.es2017.min.js",
              "pixels.js");  // labPixels.fromRgba: the page's bytes as a tensor, one reused array

let started = null;

// Firefox, cross-origin isolated, now and then stalls for good while a worker starts the wasm
// backend's threaded build, which makes eight workers of its own (its thread pool) as it
// starts: the worker never answers (issue 32). Its workers take the single-threaded build there.
const NESTED_THREADS_STALL = / Firefox\/\d/.test(navigator.userAgent);

// wasm, as on the page's default; once per worker
function labStartWasm() {
  started = started || (async () => {
    if (NESTED_THREADS_STALL) tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    tf.wasm.setWasmPaths(new URL("../vendor/tfjs-backend-wasm/", self.location.href).href);
    if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend could not start");
    await tf.ready();
  })();
  return started;
}

// ?backend=auto's trial (lab.core.backend_pick): the model runs on `name` from the next
// frame (WebGL on an OffscreenCanvas here); one that cannot start leaves the one before
async function labUseBackend(name) {
  await labStartWasm();
  if (name === "webgpu" && !tf.findBackendFactory("webgpu")) {
    try {
      importScripts("../vendor/tfjs-backend-webgpu/tf-backend-webgpu.es2017.min.js");
    } catch (error) {}  // not there: it cannot start, as below
  }
  const before = tf.getBackend();
  let ok = false;
  try {
    ok = name === before || (await tf.setBackend(name));
  } catch (error) {
    ok = false;
  }
  if (!ok) await tf.setBackend(before);  // TF.js keeps no backend after a failed start
  return {backend: tf.getBackend()};
}

// the worker's tensors, sent with every answer (labStats() on the page adds them up), with
// how long the answer took (the page's pump times its next capture by it)
const labTensors = () => (started ? tf.memory().numTensors : 0);

function labServe(handlers) {
  let queue = Promise.resolve();
  self.onmessage = ({data}) => {
    queue = queue.then(async () => {
      const began = performance.now();
      try {
        const handler = data.type === "backend" ? ({name}) => labUseBackend(name)
                                                : handlers[data.type];
        // `transfer`: buffers of the answer handed over to the page, not copied
        const {transfer = [], ...result} = (await handler(data)) ?? {};
        self.postMessage({id: data.id, result: {...result, tensors: labTensors(),
                                                busy: performance.now() - began}}, transfer);
      } catch (error) {
        self.postMessage({id: data.id, error: String((error && error.message) || error)});
      }
    });
  };
}
