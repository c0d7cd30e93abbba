// Injected by bench/run.py into every page before its own scripts: records, on the
// page's own clock (ms since navigation started), when the page became ready and
// when each new frame's result was published in #classify-result / #pose-result (and the
// face, hands and segment demos').
// The lab and the plain-JS baselines publish the same fields, so both are timed alike.
// It also times each detector's model call (estimatePoses; estimateFaces, estimateHands,
// segmentPeople), from the call until its promise settles,
// and gives each frame the model time of the call just before it (`model_ms`): the same
// measure in both pages, on the JavaScript side (Python's await resumes a turn later, which
// belongs to the loop's cost, not to the model's).
//
// `__bench.gate` lets the bench run a Python page and a plain-JS page side by side, in turns
// of a few frames each (bench/run.py `measure_interleaved`), so that the machine's drift, which
// changes from second to second, weighs on both alike. Both loops wait for an animation frame
// between two frames (so do p5 and tf.nextFrame), so holding back animation-frame callbacks
// holds the loop between two frames; nothing else changes, and the gate starts open.
(() => {
  const bench = window.__bench = {ready: null, frames: [], busy: []};
  const animationFrame = window.requestAnimationFrame.bind(window);
  let open = true, held = [], waiter = null;
  window.requestAnimationFrame = (callback) => animationFrame((time) => {
    if (open) callback(time); else held.push(callback);
  });
  bench.gate = {
    close() { open = false; },
    // open the gate until `count` more frames are published, then close it: those frames
    run(count, timeoutMs) {
      return new Promise((resolve, reject) => {
        const start = bench.frames.length;
        const timer = setTimeout(() => {
          waiter = null; open = false;
          reject(new Error(`${bench.frames.length - start} of ${count} frames in ${timeoutMs} ms`));
        }, timeoutMs);
        waiter = {until: start + count, done: () => {
          clearTimeout(timer);
          resolve(bench.frames.slice(start, start + count));
        }};
        open = true;
        const waiting = held;
        held = [];
        animationFrame((time) => waiting.forEach((callback) => callback(time)));
      });
    },
  };
  function framePublished() {
    if (waiter !== null && bench.frames.length >= waiter.until) {
      open = false;  // before the loop asks for its next animation frame
      const done = waiter.done;
      waiter = null;
      done();
    }
  }
  // the main thread's long tasks (over 50 ms): how busy it is while Python starts, or a loop runs
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) bench.busy.push([task.startTime, task.duration]);
  }).observe({type: "longtask", buffered: true});
  // how many ms of [from, to] (the page's clock) went to long tasks
  bench.busyIn = (from, to) => bench.busy.reduce(
    (sum, [at, ms]) => sum + Math.max(0, Math.min(at + ms, to) - Math.max(at, from)), 0);
  let modelMs = null;
  // each task package: the global it defines, its factory, the model's call to time
  const TIMED = [["poseDetection", "createDetector", "estimatePoses"],
                 ["faceLandmarksDetection", "createDetector", "estimateFaces"],
                 ["handPoseDetection", "createDetector", "estimateHands"],
                 ["bodySegmentation", "createSegmenter", "segmentPeople"]];
  function timeDetectors(library, factory, call) {
    const create = library[factory];
    library[factory] = async function (...args) {
      const detector = await create.apply(this, args);
      const estimate = detector[call];
      detector[call] = function (...args) {
        const start = performance.now();
        return estimate.apply(this, args).finally(() => { modelMs = performance.now() - start; });
      };
      return detector;
    };
  }
  const counter = (r) => r.frames ?? r.frame;
  // ?worker=1: the model answers on the page's thread until its worker has loaded it; those
  // frames are not the worker's
  const workerOnly = new URLSearchParams(location.search).get("worker") === "1";
  function watch(box) {
    let last = null;
    new MutationObserver(() => {
      const text = box.textContent;
      if (!text.trim()) return;
      let r;
      try { r = JSON.parse(text); } catch { return; }
      const frame = counter(r);
      if (frame == null || frame === last || (workerOnly && r.where === "page")) return;
      last = frame;
      bench.frames.push({t: performance.now(), frame, model: r.model ?? null,
                         ms: r.ms ?? r.ms_per_frame ?? null, model_ms: modelMs,
                         tensors: r.tensors ?? null,
                         worker_ms: r.worker_ms ?? null});  // bench/baseline/vision-worker.js
      framePublished();
    }).observe(box, {childList: true, characterData: true, subtree: true});
  }
  // ?bench-frame=once (the bench's `wasm-no-capture` loops): the camera is captured once
  // (js/pixels.js), and every later frame is that tensor again (a clone, which costs nothing
  // on wasm). What the loop costs then, with no capture, is the least any loop that paints
  // each frame can cost on this machine.
  function captureOnce() {
    const capture = window.labPixels;
    let kept = null;
    window.labPixels = function (source, ...rest) {
      if (source?.tagName !== "VIDEO") return capture(source, ...rest);
      if (kept === null) kept = tf.keep(capture(source, ...rest));
      return tf.clone(kept);
    };
  }
  // a task package comes with the page's scripts (the plain pages) or later (the lab loads it
  // when a demo needs it): its detectors are timed from the first script load that has it
  const timed = new Set();
  const timeOnce = () => {
    for (const [name, factory, call] of TIMED) {
      if (!timed.has(name) && window[name] && window[name][factory]) {
        timed.add(name);
        timeDetectors(window[name], factory, call);
      }
    }
  };
  document.addEventListener("load", (event) => {
    if (event.target.tagName === "SCRIPT") timeOnce();
  }, true);
  document.addEventListener("DOMContentLoaded", () => {
    timeOnce();
    if (new URLSearchParams(location.search).get("bench-frame") === "once" && window.labPixels) {
      captureOnce();
    }
    const root = document.documentElement;
    new MutationObserver(() => {
      if (bench.ready === null && root.dataset.ready === "1") bench.ready = performance.now();
    }).observe(root, {attributes: true, attributeFilter: ["data-ready"]});
    for (const id of ["classify-result", "pose-result", "face-result", "hands-result",
                      "segment-result"]) {
      const box = document.getElementById(id);
      if (box) watch(box);
    }
  });
})();
