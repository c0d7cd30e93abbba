// The hand, face and person-mask models off the page's thread: TF.js on wasm and the one
// task package the page asks for (face-landmarks-detection, hand-pose-detection or
// body-segmentation, from vendor/), in a Web Worker. The page posts a frame's int32 RGB values
// (read and made on the page's thread, js/pixels.js, transferred: no copy; given back once the
// tensor has them) and gets plain answers back: what the package
// found, as lab.vision.detector.Detector's subclasses read it on the page. js/worker_client.js is
// the page's side (with the pump); lab.vision.worker_model the Python one.
"use strict";
importScripts("worker_base.js", "hand_numbers.js");

// as lab.hands/lab.face.model's: a photo is looked at afresh, a camera frame follows the last
const STATIC = {staticImageMode: true, flipHorizontal: false};
const TRACKING = {staticImageMode: false, flipHorizontal: false};
let tracking = false;  // the last frame was a camera frame

// how to look at this frame (lab.vision.detector.Detector._track): a photo, or the first camera
// frame after one, starts from nothing the model saw before
function mode(model, photo) {
  const follows = photo === false;
  if (!(follows && tracking)) model.reset();
  tracking = follows;
  return follows ? TRACKING : STATIC;
}
const ROWS = 6, COLUMNS = 8;  // lab.segment.grid

// a parts x size matrix whose row i averages the pixels of cell i (lab.segment.grid.cell_weights),
// flat, made once per frame size
const weights = new Map();
function cellWeights(size, parts) {
  const key = `${size}/${parts}`;
  if (!weights.has(key)) {
    const rows = new Float32Array(parts * size);
    for (let i = 0; i < parts; i++) {
      const start = Math.floor(i * size / parts), end = Math.floor((i + 1) * size / parts);
      rows.fill(1 / (end - start), i * size + start, i * size + end);
    }
    weights.set(key, rows);
  }
  return weights.get(key);
}
const SELECTOR = new Float32Array([1, 0, 0, 0]);  // the mask's first (red) channel

// the person mask as lab.segment.model.summed_up sums it up on the page (the same tensor ops,
// so the same numbers), and, when asked (`cutoff`: lab.segment.grid.drawn_cutoff, from the
// page), the pixels toBinaryMask would draw (the person opaque white, the rest transparent),
// their bytes moved to the page
async function segmentSummary(segmenter, input, threshold, cutoff) {
  const [person] = await segmenter.segmentPeople(input);
  const rgba = person.mask.mask ?? await person.mask.toTensor();  // [height, width, 4]
  try {
    const [height, width] = rgba.shape;
    let found, drawn = null;
    tf.tidy(() => {  // returns nothing: tidy would walk every byte of a mask it returned
      const p = tf.matMul(rgba.reshape([-1, 4]), tf.tensor2d(SELECTOR, [4, 1]))
        .reshape([height, width]);
      const rows = tf.tensor2d(cellWeights(height, ROWS), [ROWS, height]);
      const columns = tf.tensor2d(cellWeights(width, COLUMNS), [COLUMNS, width]);
      const grid = tf.matMul(tf.matMul(rows, p), columns, false, true).reshape([-1]);
      const inside = p.greater(threshold).cast("float32").mean().reshape([1]);
      const numbers = tf.concat([inside, grid]).dataSync();
      found = {person_fraction: numbers[0], grid: Array.from(numbers.subarray(1))};
      // -1 is four bytes of 255: the person opaque white; 0 transparent
      if (cutoff != null) {
        drawn = p.greaterEqual(cutoff).cast("int32").mul(tf.scalar(-1, "int32")).dataSync();
      }
    });
    if (drawn === null) return {found};
    const data = new Uint8ClampedArray(drawn.buffer, drawn.byteOffset, drawn.byteLength);
    return {found, mask: {width, height, data}, transfer: [data.buffer]};
  } finally {
    rgba.dispose();
  }
}

// each package: its vendored bundle, the global it defines, how to make and run its model
const PACKAGES = {
  "face-landmarks-detection": {
    bundle: "../vendor/face-landmarks-detection/face-landmarks-detection.min.js",
    global: "faceLandmarksDetection",
    create: (lib, options) => lib.createDetector(lib.SupportedModels.MediaPipeFaceMesh, options),
    run: async (model, input, {photo}) => ({
      found: await model.estimateFaces(input, mode(model, photo))}),
  },
  "hand-pose-detection": {
    bundle: "../vendor/hand-pose-detection/hand-pose-detection.min.js",
    global: "handPoseDetection",
    create: (lib, options) => lib.createDetector(lib.SupportedModels.MediaPipeHands, options),
    run: async (model, input, {photo}) => {  // as one typed array (js/hand_numbers.js), moved
      const found = labHandNumbers(await model.estimateHands(input, mode(model, photo)));
      return {found, transfer: [found.buffer]};
    },
  },
  "body-segmentation": {
    bundle: "../vendor/body-segmentation/body-segmentation.min.js",
    global: "bodySegmentation",
    create: (lib, options) => lib.createSegmenter(
      lib.SupportedModels.MediaPipeSelfieSegmentation, options),
    run: (model, input, {threshold, cutoff}) => segmentSummary(model, input, threshold ?? 0.5,
                                                                cutoff),
  },
};

let model = null, task = null;

labServe({
  async load({package: name, options}) {
    const chosen = PACKAGES[name];
    if (!chosen) throw new Error(`no task package called ${name}`);
    await labStartWasm();
    if (!self[chosen.global]) importScripts(chosen.bundle);
    const loaded = await chosen.create(self[chosen.global], options);
    const blank = tf.zeros([256, 256, 3], "int32");  // the first run compiles: not on a real frame
    try {
      await chosen.run(loaded, blank, {});
    } catch (error) {
      loaded.dispose();
      throw error;
    } finally {
      blank.dispose();
    }
    model = loaded;
    task = chosen;
    tracking = false;
    return {backend: tf.getBackend(), frames: "rgb"};  // js/worker_client.js reads this
  },
  async run({rgb, width, height, ...fields}) {
    if (!model) throw new Error("no model is loaded in the worker");
    const input = tf.tensor3d(rgb, [height, width, 3], "int32");
    // the wasm backend has copied the values (another backend may read them later): the page
    // can fill the array again
    const returned = tf.getBackend() === "wasm" ? rgb : undefined;
    try {
      const {transfer = [], ...answer} = await task.run(model, input, fields);
      return returned ? {...answer, returned, transfer: [...transfer, returned.buffer]}
                      : {...answer, transfer};
    } finally {
      input.dispose();
    }
  },
});
