// What both plain-JavaScript baselines share: the backend, the webcam on a p5
// canvas (as the lab's Stage draws it), the published result, and the timers.
// Query: ?backend=wasm|webgl|cpu  ?mode=loop|inference  ?frames=N (inference)
//        ?threads=N (wasm, cross-origin isolated pages only; default: as the lab does)
//        ?yield=paint|task: between two frames, wait for the next paint (as the lab does)
//        or only yield one task, letting the browser paint whenever a frame is due
"use strict";
const params = new URLSearchParams(location.search);
const VENDOR = new URL("../../vendor/", location.href).href;

async function startBackend() {
  const wanted = params.get("backend") || "wasm";
  if (wanted === "wasm") {
    tf.wasm.setWasmPaths(VENDOR + "tfjs-backend-wasm/");
    if (params.get("threads")) tf.wasm.setThreadsCount(Number(params.get("threads")));
  }
  await tf.setBackend(wanted);
  await tf.ready();
  document.documentElement.dataset.backend = tf.getBackend();
  return tf.getBackend();
}

function publish(name, fields) {
  const box = document.getElementById(name + "-result");
  const now = box.textContent ? JSON.parse(box.textContent) : {};
  box.textContent = JSON.stringify(Object.assign(now, fields));
}

// The webcam drawn letterboxed into a 640x480 p5 canvas at 30 fps, with overlays on top.
function makeStage(container, overlay) {
  const stage = {video: null, width: 640, height: 480, scale: 1, dx: 0, dy: 0};
  stage.fit = () => {
    const w = stage.video.videoWidth || 1, h = stage.video.videoHeight || 1;
    stage.scale = Math.min(stage.width / w, stage.height / h);
    stage.dx = (stage.width - w * stage.scale) / 2;
    stage.dy = (stage.height - h * stage.scale) / 2;
  };
  stage.p = new p5((p) => {
    p.setup = () => { p.createCanvas(stage.width, stage.height); p.frameRate(30); };
    p.draw = () => {
      p.background(32);
      const v = stage.video;
      if (v && v.readyState >= 2) {
        stage.fit();
        p.drawingContext.drawImage(v, stage.dx, stage.dy, v.videoWidth * stage.scale,
                                   v.videoHeight * stage.scale);
      }
      p.push(); overlay(p, stage); p.pop();
    };
  }, container);
  stage.start = async () => {
    const stream = await navigator.mediaDevices.getUserMedia({audio: false, video: {
      width: {ideal: 640}, height: {ideal: 480}, facingMode: "user"}});
    const video = document.createElement("video");
    video.muted = true; video.playsInline = true; video.hidden = true;
    container.append(video);
    video.srcObject = stream;
    await new Promise((ok) => video.readyState >= 2 ? ok() : video.addEventListener("loadeddata", ok, {once: true}));
    await video.play();
    stage.video = video;
  };
  return stage;
}

// The same rolling meter as lab.media.frames.FrameMeter (30 frames).
function makeMeter() {
  const ms = [], ends = [];
  return {
    frames: 0,
    add(t) { this.frames++; ms.push(t); ends.push(performance.now());
             if (ms.length > 30) { ms.shift(); ends.shift(); } },
    get ms() { return ms.reduce((a, b) => a + b, 0) / (ms.length || 1); },
    get fps() { return ends.length < 2 ? 0 : (ends.length - 1) * 1000 / (ends[ends.length - 1] - ends[0]); },
  };
}

// Wait for a paint, then for what was queued before it (as lab.core.bridge.after_paint).
function afterPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

// Give the browser a turn without waiting for a paint: one task (MessageChannel: no 4 ms clamp).
function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function imageTensor(url) {
  const image = new Image();
  image.src = url;
  return image.decode().then(() => image);
}

function reportError(name, error) {
  console.error(error);
  publish(name, {status: "error", error: String(error && error.message || error)});
}
