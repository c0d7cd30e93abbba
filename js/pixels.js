// labPixels(source, width, height, photo): a camera frame (or photo) as an int32
// [height, width, 3] tensor, like tf.browser.fromPixels(source), for the pose models, from
// a <video>, <img> or <canvas> on the page; `photo` defaults to "not a <video>".
//
//     labPixels.rgba(source, width, height, photo)   // its RGBA bytes (a new array, no tf):
//                                                    // what the page sends the pose worker
//     labPixels.fromRgba(rgba, width, height)        // those bytes as the tensor, in the worker
//     labPixels.rgb(source, width, height, photo, into)   // the tensor's int32 RGB values (in
//                                                    // `into` if it fits): the vision worker's
//
// JavaScript because it is a loop over every pixel (307,200 of them at 640x480), which
// Python through the bridge could not do in a frame's time. Faster than fromPixels on the
// wasm backend: fromPixels allocates a new 1.2-million-element Int32Array for the RGBA
// values and another for RGB at every call.
// This draws onto one reused canvas and fills one reused RGB array; the wasm backend copies
// a new tensor's values into its own memory, so the array is free again at once. Other
// backends keep a reference to the array (or upload it later), so they get fromPixels.
// A photo (not a video frame) is drawn on white first on every backend: its transparent
// parts show white, as on the stage, never what the canvas held from the last picture.
"use strict";
self.labPixels = (() => {
  let canvas = null, context = null, rgb = null;
  const isPhoto = (source) => source.tagName !== "VIDEO";

  // the reused canvas, with the picture drawn on it at width x height
  function drawn(source, width, height, photo) {
    if (canvas === null) {
      canvas = document.createElement("canvas");
      context = canvas.getContext("2d", {willReadFrequently: true});
    }
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    if (photo) {  // a camera frame has no transparent parts
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, width, height);
    }
    context.drawImage(source, 0, 0, width, height);
    return context;
  }

  // RGBA bytes as int32 RGB values, in `into` if it has the size (else a new array)
  function toRgb(rgba, count, into) {
    const rgb = into && into.length === count * 3 ? into : new Int32Array(count * 3);
    // a pixel at a time as one 32-bit word, 0xAABBGGRR (every browser's platform is
    // little-endian): a third of the reads of byte by byte
    const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, count);
    for (let at = 0, to = 0; at < count; at++, to += 3) {
      const pixel = pixels[at];
      rgb[to] = pixel & 255;
      rgb[to + 1] = (pixel >>> 8) & 255;
      rgb[to + 2] = (pixel >>> 16) & 255;
    }
    return rgb;
  }

  // RGBA bytes as an int32 RGB tensor (the wasm backend: it copies the reused array at once)
  function fromRgba(rgba, width, height) {
    rgb = toRgb(rgba, width * height, rgb);
    return tf.tensor3d(rgb, [height, width, 3], "int32");
  }

  function labPixels(source, width, height, photo = isPhoto(source)) {
    const wasm = tf.getBackend() === "wasm";
    if (!(width > 0 && height > 0) || (!photo && !wasm)) return tf.browser.fromPixels(source);
    const context = drawn(source, width, height, photo);
    if (!wasm) return tf.browser.fromPixels(canvas);
    return fromRgba(context.getImageData(0, 0, width, height).data, width, height);
  }
  labPixels.rgba = (source, width, height, photo = isPhoto(source)) =>
    drawn(source, width, height, photo).getImageData(0, 0, width, height).data;
  labPixels.rgb = (source, width, height, photo = isPhoto(source), into = null) =>
    toRgb(labPixels.rgba(source, width, height, photo), width * height, into);
  labPixels.fromRgba = fromRgba;
  return labPixels;
})();
