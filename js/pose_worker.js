// A pose model off the page's thread: ml5's TF.js on wasm and pose-detection, in a Web Worker.
// The page posts a frame (an ImageBitmap, transferred: no copy) and gets plain poses back,
// so a model's frame is never a long task on the page's thread. js/pose_worker_client.js
// is the page's side; lab.pose.worker_model the Python one.
"use strict";
importScripts("../vendor/ml5/ml5.min.js");
self.tf = self.ml5.tf;  // the wasm backend and pose-detection look for a global tf
importScripts("../vendor/tfjs-backend-wasm/tf-backend-wasm.es2017.min.js",
              "../vendor/pose-detection/pose-detection.min.js");

const ESTIMATE = {maxPoses: 1, flipHorizontal: false};
let started = null, detector = null, canvas = null, context = null, rgb = null;

async function start() {
  tf.wasm.setWasmPaths(new URL("../vendor/tfjs-backend-wasm/", self.location.href).href);
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend could not start");
  await tf.ready();
}

// The frame as an int32 [height, width, 3] tensor, through one reused canvas and array
// (as js/pixels.js does on the page); a photo on white, as the stage shows it.
function pixels(bitmap, width, height, photo) {
  if (canvas === null || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height);
    context = canvas.getContext("2d", {willReadFrequently: true});
  }
  if (photo) {
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
  }
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const count = width * height;
  if (rgb === null || rgb.length !== count * 3) rgb = new Int32Array(count * 3);
  const words = new Uint32Array(rgba.buffer, rgba.byteOffset, count);
  for (let at = 0, to = 0; at < count; at++, to += 3) {
    const pixel = words[at];
    rgb[to] = pixel & 255;
    rgb[to + 1] = (pixel >>> 8) & 255;
    rgb[to + 2] = (pixel >>> 16) & 255;
  }
  return tf.tensor3d(rgb, [height, width, 3], "int32");
}

const plain = (poses) => poses.map((pose) => ({
  score: pose.score, keypoints: pose.keypoints,
  ...(pose.keypoints3D ? {keypoints3D: pose.keypoints3D} : {}),
}));

const handlers = {
  async load({family, options}) {
    started = started || start();
    await started;
    if (detector) detector.dispose();
    detector = null;
    const loaded = await poseDetection.createDetector(family, options);
    const blank = tf.zeros([256, 256, 3], "int32");  // the first run compiles: not on a real frame
    try {
      await loaded.estimatePoses(blank, ESTIMATE);
    } finally {
      blank.dispose();
    }
    loaded.reset();
    detector = loaded;
    return {backend: tf.getBackend(), tensors: tf.memory().numTensors};
  },
  async estimate({bitmap, width, height, photo, timestamp}) {
    if (!detector) {
      bitmap.close();
      throw new Error("no model is loaded in the worker");
    }
    const input = pixels(bitmap, width, height, photo);
    try {
      const poses = await detector.estimatePoses(input, ESTIMATE, timestamp ?? undefined);
      return {poses: plain(poses), tensors: tf.memory().numTensors};
    } finally {
      input.dispose();
    }
  },
  reset() {
    if (detector) detector.reset();
  },
  dispose() {
    if (detector) detector.dispose();
    detector = null;
    return {tensors: started ? tf.memory().numTensors : 0};
  },
};

self.onmessage = async ({data}) => {
  try {
    self.postMessage({id: data.id, result: (await handlers[data.type](data)) ?? null});
  } catch (error) {
    self.postMessage({id: data.id, error: String((error && error.message) || error)});
  }
};
