// The image classifier off the page's thread: ml5's TF.js on wasm, in a Web Worker.
// The page posts a frame (an ImageBitmap, transferred: no copy) and gets the top k back as
// plain arrays. Each frame goes as Classifier.square() + classify() in lab/classify/model.py
// go on the page: the centre square on white, x / 127 - 1, predict, top k, all in one tidy.
// js/worker_client.js is the page's side (with the pump); lab.classify.worker_model the Python one.
"use strict";
importScripts("worker_base.js");

const BACKGROUND = "#ffffff";  // a photo's transparent parts, as on the stage (README)
let model = null, size = 224, canvas = null, context = null;

labServe({
  async load({url}) {
    await labStartWasm();
    if (model) model.dispose();
    model = null;
    const loaded = await tf.loadLayersModel(url);
    const shape = loaded.inputs[0].shape;
    // not a square RGB picture: lab.classify.model says so, the same words as on the page
    if (shape.length !== 4 || shape[3] !== 3 || shape[1] !== shape[2]) {
      loaded.dispose();
      return {shape};
    }
    size = shape[1] || 224;
    // the first prediction compiles the kernels: not on a real frame
    tf.tidy(() => loaded.predict(tf.zeros([1, size, size, 3])).dataSync());
    canvas = new OffscreenCanvas(size, size);
    context = canvas.getContext("2d", {willReadFrequently: true});
    context.imageSmoothingQuality = "high";
    model = loaded;
    return {shape, size};
  },
  // topK: at most the number of labels (the Python side knows them)
  run({bitmap, width, height, topK}) {
    try {
      if (!model) throw new Error("no model is loaded in the worker");
      const side = Math.min(width, height);
      context.fillStyle = BACKGROUND;
      context.fillRect(0, 0, size, size);
      context.drawImage(bitmap, (width - side) / 2, (height - side) / 2, side, side,
                        0, 0, size, size);
    } finally {
      bitmap.close();
    }
    const image = context.getImageData(0, 0, size, size);
    const best = tf.tidy(() => {
      const inputs = tf.browser.fromPixels(image).toFloat().div(127).sub(1).expandDims(0);
      const found = tf.topk(model.predict(inputs).as1D(), topK);
      return [found.values, found.indices];
    });
    try {
      return {values: Array.from(best[0].dataSync()), indices: Array.from(best[1].dataSync())};
    } finally {
      tf.dispose(best);
    }
  },
  reset() {},
  dispose() {
    if (model) model.dispose();
    model = null;
  },
});
