// The image classifier off the page's thread: TF.js on wasm, in a Web Worker.
// The page posts a frame (an ImageBitmap, transferred: no copy) and gets the top k back as
// plain arrays. Each frame goes as Classifier.square() + classify() in lab/classify/model.py
// go on the page: the centre square on white, x / 127 - 1, predict, top k, all in one tidy.
// Loaded with `embedding` (a layer's name), it answers with that layer's output instead, as
// lab.teach.features.ImageFeatures does on the page (the teach demo's samples).
// js/worker_client.js is the page's side (with the pump); lab.classify.worker_model and
// lab.teach.worker_features the Python ones.
"use strict";
importScripts("worker_base.js");

const BACKGROUND = "#ffffff";  // a photo's transparent parts, as on the stage (README)
let model = null, embedder = null, size = 224, canvas = null, context = null;

// the frame's centre square on white, model-sized, as x / 127 - 1: one path for both answers
function inputs(bitmap, width, height) {
  try {
    const side = Math.min(width, height);
    context.fillStyle = BACKGROUND;
    context.fillRect(0, 0, size, size);
    context.drawImage(bitmap, (width - side) / 2, (height - side) / 2, side, side,
                      0, 0, size, size);
  } finally {
    bitmap.close();
  }
  const image = context.getImageData(0, 0, size, size);
  return tf.browser.fromPixels(image).toFloat().div(127).sub(1).expandDims(0);
}

labServe({
  async load({url, embedding}) {
    await labStartWasm();
    const loaded = await tf.loadLayersModel(url);
    const shape = loaded.inputs[0].shape;
    // not a square RGB picture: lab.classify.model says so, the same words as on the page
    if (shape.length !== 4 || shape[3] !== 3 || shape[1] !== shape[2]) {
      loaded.dispose();
      return {shape};
    }
    size = shape[1] || 224;
    let answers = loaded;
    if (embedding) {
      try {  // the same weights, up to that layer
        answers = tf.model({inputs: loaded.inputs, outputs: loaded.getLayer(embedding).output});
      } catch (error) {
        loaded.dispose();
        throw error;
      }
    }
    // the first prediction compiles the kernels: not on a real frame
    tf.tidy(() => answers.predict(tf.zeros([1, size, size, 3])).dataSync());
    canvas = new OffscreenCanvas(size, size);
    context = canvas.getContext("2d", {willReadFrequently: true});
    context.imageSmoothingQuality = "high";
    model = loaded;
    embedder = embedding ? answers : null;
    return {shape, size, dims: embedder ? embedder.outputs[0].shape.at(-1) : null};
  },
  // topK: at most the number of labels (the Python side knows them)
  run({bitmap, width, height, topK}) {
    if (!model) {
      bitmap.close();
      throw new Error("no model is loaded in the worker");
    }
    if (embedder) {
      return {embedding: tf.tidy(() => Array.from(
        embedder.predict(inputs(bitmap, width, height)).dataSync()))};
    }
    return tf.tidy(() => {
      const found = tf.topk(model.predict(inputs(bitmap, width, height)).as1D(), topK);
      return {values: Array.from(found.values.dataSync()),
              indices: Array.from(found.indices.dataSync())};
    });
  },
});
