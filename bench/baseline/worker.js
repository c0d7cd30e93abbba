// The Web Worker of the plain-JS worker baselines (hands-worker.html, face-worker.html): the
// same vendor/ files and options as the page-thread baselines (vision.js), the model run here.
// Messages: {type: "load", kind, options, estimate} once, then {type: "frame", rgb, width,
// height}: the frame's int32 RGB values (what tf.browser.fromPixels makes), transferred, and
// handed back with the answer so the page fills the same array again. No lab code.
"use strict";
importScripts("../../vendor/ml5/ml5.min.js");
self.tf = self.ml5.tf;  // the wasm backend and the task packages look for a global tf
importScripts("../../vendor/tfjs-backend-wasm/tf-backend-wasm.es2017.min.js");

const KINDS = {
  hands: {bundle: "hand-pose-detection", global: "handPoseDetection",
          create: (lib, options) => lib.createDetector(lib.SupportedModels.MediaPipeHands, options),
          run: (model, input, estimate) => model.estimateHands(input, estimate)},
  face: {bundle: "face-landmarks-detection", global: "faceLandmarksDetection",
         create: (lib, options) => lib.createDetector(lib.SupportedModels.MediaPipeFaceMesh, options),
         run: (model, input, estimate) => model.estimateFaces(input, estimate)},
};
let kind = null, model = null, estimate = null;

async function load(message) {
  kind = KINDS[message.kind];
  const vendor = new URL("../../vendor/", location.href).href;
  importScripts(`${vendor}${kind.bundle}/${kind.bundle}.min.js`);
  tf.wasm.setWasmPaths(vendor + "tfjs-backend-wasm/");
  await tf.setBackend("wasm");
  await tf.ready();
  model = await kind.create(self[kind.global], message.options);
  estimate = message.estimate;
  const blank = tf.zeros([256, 256, 3], "int32");  // warm up, as vision.js
  await kind.run(model, blank, estimate);
  blank.dispose();
  return {backend: tf.getBackend()};
}

async function frame({rgb, width, height}) {
  const started = performance.now();
  const input = tf.tensor3d(rgb, [height, width, 3], "int32");  // wasm copies the values
  try {
    const found = await kind.run(model, input, estimate);
    return {found, rgb, ms: performance.now() - started, tensors: tf.memory().numTensors};
  } finally { input.dispose(); }
}

// one message at a time, in order: a queued frame waits for the one before
let queue = Promise.resolve();
self.onmessage = ({data}) => {
  queue = queue.then(async () => {
    try {
      const answer = await (data.type === "load" ? load(data) : frame(data));
      self.postMessage({type: data.type, ...answer}, answer.rgb ? [answer.rgb.buffer] : []);
    } catch (error) {
      self.postMessage({type: "error", error: String(error && error.message || error)});
    }
  });
};
