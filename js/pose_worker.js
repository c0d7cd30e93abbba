// A pose model off the page's thread: TF.js on wasm and pose-detection, in a Web Worker.
// The page posts a frame's RGBA bytes (read on the page's thread, transferred: no copy) and
// gets plain poses back, so a model's frame is never a long task on the page's thread, and the
// worker, the loop's bottleneck, spends its time on the model. js/worker_client.js is the
// page's side (with the pump); lab.pose.worker_model the Python one.
"use strict";
importScripts("worker_base.js", "../vendor/pose-detection/pose-detection.min.js");

const ESTIMATE = {maxPoses: 1, flipHorizontal: false};
let detector = null;

const plain = (poses) => poses.map((pose) => ({
  score: pose.score, keypoints: pose.keypoints,
  ...(pose.keypoints3D ? {keypoints3D: pose.keypoints3D} : {}),
}));

labServe({
  async load({family, options}) {
    await labStartWasm();
    const loaded = await poseDetection.createDetector(family, options);
    const blank = tf.zeros([256, 256, 3], "int32");  // the first run compiles: not on a real frame
    try {
      await loaded.estimatePoses(blank, ESTIMATE);
    } finally {
      blank.dispose();
    }
    loaded.reset();
    detector = loaded;
    return {backend: tf.getBackend(), frames: "rgba"};  // js/worker_client.js reads this
  },
  async run({rgba, width, height, timestamp}) {
    if (!detector) throw new Error("no model is loaded in the worker");
    const input = labPixels.fromRgba(rgba, width, height);
    try {
      return {poses: plain(await detector.estimatePoses(input, ESTIMATE, timestamp ?? undefined))};
    } finally {
      input.dispose();
    }
  },
  reset() {
    if (detector) detector.reset();
  },
});
