// What the plain-JS baselines of the face, hands and segment demos share (face.html,
// hands.html, segment.html): the task package on the page's thread, as ml5's faceMesh, handPose
// and bodySegmentation examples use it (a detector made once, one call per webcam frame, p5
// drawing the webcam and the answer at 30 fps), on the same vendor/ files and model options as
// lab.face.model, lab.hands.model and lab.segment.model; the same loop as pose.html (one call
// per frame, then wait for a paint). No Python.
//
//     runVision({demo, models, create, run, plain, draw})
//
// Query, besides common.js's: ?model=<name>; ?tracking=1 leaves out `staticImageMode: true`,
// as ml5's examples and the lab on camera frames do (the bench asks for it), so the package
// follows a face or a hand from the last frame instead of looking for it again.
"use strict";

const MODELS_URL = VENDOR + "models/";
const ESTIMATE = params.get("tracking") === "1" ? {flipHorizontal: false}
                                                : {staticImageMode: true, flipHorizontal: false};

function runVision({demo, models, defaultModel, create, run, plain, draw}) {
  const name = params.get("model") || defaultModel;
  let found = null;

  async function estimate(model, pixels) {
    try {
      return await run(model, pixels);
    } finally { pixels.dispose(); }
  }

  async function loop(model, stage) {
    let frame = 0, times = [];
    while (true) {
      const v = stage.video;
      const start = performance.now();
      // the tutorial's capture (ml5 passes the <video>, which the package reads with fromPixels)
      const pixels = params.get("pixels") === "lab" ? labPixels(v, v.videoWidth, v.videoHeight)
                                                   : tf.browser.fromPixels(v);
      const answer = await estimate(model, pixels);
      const end = performance.now();
      found = plain(answer);
      frame++;
      times = times.concat([end]).slice(-11);
      const fps = times.length > 1 ? (times.length - 1) * 1000 / (times[times.length - 1] - times[0]) : 0;
      document.getElementById(`${demo}-fps`).textContent = fps.toFixed(1);
      document.getElementById(`${demo}-ms`).textContent = `${(end - start).toFixed(0)} ms`;
      publish(demo, {frame, model: name, fps: Math.round(fps * 100) / 100,
        ms: Math.round((end - start) * 10) / 10, backend: tf.getBackend(), source: "camera",
        width: v.videoWidth, height: v.videoHeight, tensors: tf.memory().numTensors,
        drawn: stage.p.frameCount, ...found.published});
      await (params.get("yield") === "task" ? nextTask() : afterPaint());
    }
  }

  // The model alone on one fixed 640x480 frame, no camera, no drawing (pose.html's).
  async function inferenceOnly(model) {
    const photo = params.get("photo") || "astronaut_640x480";
    const image = await imageTensor(new URL(`../../tests/data/photos/${photo}.png`, location.href).href);
    const frame = tf.browser.fromPixels(image);
    const frames = Number(params.get("frames") || 30), times = [];
    for (let i = 0; i < frames; i++) {
      const start = performance.now();
      plain(await estimate(model, frame.clone()));
      times.push(performance.now() - start);
    }
    frame.dispose();
    publish(demo, {status: "done", inference_ms: times, tensors: tf.memory().numTensors});
  }

  (async () => {
    try {
      await startBackend();
      document.documentElement.dataset.ready = "1";
      const model = await create(models[name]);
      plain(await estimate(model, tf.zeros([256, 256, 3], "int32")));  // warm up, as Detector.load
      if (params.get("mode") === "inference") return await inferenceOnly(model);
      const stage = makeStage(document.getElementById(`${demo}-stage`),
                              (p, s) => { if (found) draw(p, s, found); });
      await stage.start();
      await loop(model, stage);
    } catch (error) { reportError(demo, error); }
  })();
}
