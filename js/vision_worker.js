// The hand, face and person-mask models off the page's thread: ml5's TF.js on wasm and the one
// task package the page asks for (face-landmarks-detection, hand-pose-detection or
// body-segmentation, from vendor/), in a Web Worker. The page posts a frame's RGBA bytes (read
// on the page's thread, transferred: no copy) and gets plain answers back: what the package
// found, as lab.vision.detector.Detector's subclasses read it on the page. js/worker_client.js is
// the page's side (with the pump); lab.vision.worker_model the Python one.
"use strict";
importScripts("worker_base.js");

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

// a parts x size matrix whose row i averages the pixels of cell i (lab.segment.grid.cell_weights)
function cellWeights(size, parts) {
  const rows = [];
  for (let i = 0; i < parts; i++) {
    const start = Math.floor(i * size / parts), end = Math.floor((i + 1) * size / parts);
    const row = new Array(size).fill(0);
    row.fill(1 / (end - start), start, end);
    rows.push(row);
  }
  return rows;
}

// the person mask as lab.segment.model.SegmentModel sums it up on the page (the same tensor
// ops, so the same numbers), and, when asked, as it gives it for drawing: body-segmentation's
// toBinaryMask (the person opaque white, the rest transparent), its bytes moved to the page
const PERSON = {r: 255, g: 255, b: 255, a: 255}, CLEAR = {r: 0, g: 0, b: 0, a: 0};

async function segmentSummary(segmenter, input, threshold, withMask) {
  const [person] = await segmenter.segmentPeople(input);
  const rgba = await person.mask.toTensor();  // [height, width, 4]: p(person) in the red channel
  try {
    const [height, width] = rgba.shape;
    const found = tf.tidy(() => {
      const mask = rgba.slice([0, 0, 0], [height, width, 1]).reshape([height, width]);
      const rows = tf.tensor2d(cellWeights(height, ROWS));
      const columns = tf.tensor2d(cellWeights(width, COLUMNS));
      const grid = tf.matMul(tf.matMul(rows, mask), columns, false, true);
      return {person_fraction: mask.greater(threshold).cast("float32").mean().dataSync()[0],
              grid: Array.from(grid.reshape([-1]).dataSync())};
    });
    if (!withMask) return {found};
    // read while the mask's tensor lives, as on the page
    const drawn = await bodySegmentation.toBinaryMask(person, PERSON, CLEAR, false, threshold);
    return {found, mask: {width: drawn.width, height: drawn.height, data: drawn.data},
            transfer: [drawn.data.buffer]};
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
    run: async (model, input, {photo}) => ({
      found: await model.estimateHands(input, mode(model, photo))}),
  },
  "body-segmentation": {
    bundle: "../vendor/body-segmentation/body-segmentation.min.js",
    global: "bodySegmentation",
    create: (lib, options) => lib.createSegmenter(
      lib.SupportedModels.MediaPipeSelfieSegmentation, options),
    run: (model, input, {threshold, mask}) => segmentSummary(model, input, threshold ?? 0.5,
                                                             Boolean(mask)),
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
    return {backend: tf.getBackend(), frames: "rgba"};  // js/worker_client.js reads this
  },
  async run({rgba, width, height, ...fields}) {
    if (!model) throw new Error("no model is loaded in the worker");
    const input = labPixels.fromRgba(rgba, width, height);
    try {
      return await task.run(model, input, fields);
    } finally {
      input.dispose();
    }
  },
});
