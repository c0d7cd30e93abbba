// The page's side of the plain-JS worker baselines (hands-worker.html, face-worker.html): the
// same webcam, stage, drawing and published result as vision.js's page-thread baselines, but the
// model runs in a Web Worker (worker.js). The page reads each frame's pixels (a canvas, as
// tf.browser.fromPixels does), turns them into the int32 RGB values fromPixels would make, and
// transfers them; the worker hands the array back with its answer. No TF.js on the page.
//
//     runVisionWorker({demo, kind, models, defaultModel, plain, draw})
//
// Query, besides common.js's and vision.js's (?model, ?tracking=1): ?inflight=N, the frames
// the worker holds at once (default 2: one waits while the other runs, so the worker goes
// from one frame to the next without waiting for the page; 1: the next frame is sent at the
// first animation frame after the answer). A frame is sent at an animation frame, so the
// bench's gate (bench/probe.js), which holds animation frames, holds the loop.
"use strict";

function runVisionWorker({demo, kind, models, defaultModel, plain, draw}) {
  const name = params.get("model") || defaultModel;
  const inflight = Number(params.get("inflight") || 2);
  const worker = new Worker("worker.js");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", {willReadFrequently: true});
  const spare = [];  // RGB arrays the worker gave back
  const captured = [];  // when each frame in the worker was read, oldest first
  let found = null, frame = 0, times = [], stage = null, backend = null;

  // the frame now as int32 RGB values, as tf.browser.fromPixels(video) makes them
  function read(video) {
    const width = video.videoWidth, height = video.videoHeight;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width; canvas.height = height;
    }
    context.drawImage(video, 0, 0, width, height);
    const rgba = context.getImageData(0, 0, width, height).data;
    const old = spare.pop();
    const rgb = old && old.length === width * height * 3 ? old : new Int32Array(width * height * 3);
    for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
      rgb[j] = rgba[i]; rgb[j + 1] = rgba[i + 1]; rgb[j + 2] = rgba[i + 2];
    }
    return {rgb, width, height};
  }

  function send() {
    captured.push(performance.now());
    const picture = read(stage.video);
    worker.postMessage({type: "frame", ...picture}, [picture.rgb.buffer]);
  }

  // at every animation frame: a frame to the worker if it holds fewer than `inflight`
  function tick() {
    if (captured.length < inflight) send();
    requestAnimationFrame(tick);
  }

  function answered({found: answer, rgb, ms, tensors}) {
    const end = performance.now();
    const start = captured.shift();
    if (spare.length < inflight) spare.push(rgb);
    found = plain(answer);
    frame++;
    times = times.concat([end]).slice(-11);
    const fps = times.length > 1 ? (times.length - 1) * 1000 / (times[times.length - 1] - times[0]) : 0;
    const v = stage.video;
    document.getElementById(`${demo}-fps`).textContent = fps.toFixed(1);
    document.getElementById(`${demo}-ms`).textContent = `${(end - start).toFixed(0)} ms`;
    publish(demo, {frame, model: name, fps: Math.round(fps * 100) / 100,
      ms: Math.round((end - start) * 10) / 10, worker_ms: Math.round(ms * 10) / 10, backend,
      where: "worker", source: "camera", width: v.videoWidth, height: v.videoHeight, tensors,
      drawn: stage.p.frameCount, ...found.published});
  }

  const loaded = new Promise((resolve, reject) => {
    worker.onmessage = ({data}) => {
      if (data.type === "error") {
        reject(new Error(data.error));
        if (stage) reportError(demo, new Error(data.error));  // a frame's, after the load
      }
      else if (data.type === "load") resolve(data);
      else answered(data);
    };
    worker.onerror = (event) => reject(new Error(event.message || "the worker failed"));
  });

  (async () => {
    try {
      worker.postMessage({type: "load", kind, options: models[name], estimate: ESTIMATE});
      backend = (await loaded).backend;
      document.documentElement.dataset.backend = backend;
      document.documentElement.dataset.ready = "1";
      stage = makeStage(document.getElementById(`${demo}-stage`),
                        (p, s) => { if (found) draw(p, s, found); });
      await stage.start();
      tick();
    } catch (error) { reportError(demo, error); }
  })();
}
