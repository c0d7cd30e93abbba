// The page's side of a model worker (js/pose_worker.js, js/classify_worker.js; their message
// loop is js/worker_base.js): labModelWorker(script, name) starts one and gives
// promise-returning calls. A frame is captured here and transferred, so the page's thread
// only grabs the picture; the model runs in the worker. A worker whose load answers
// `frames: "rgba"` (js/pose_worker.js) gets the frame's RGBA bytes (js/pixels.js), read here,
// which spares the worker, the loop's bottleneck, the read; `frames: "rgb"`
// (js/vision_worker.js) the int32 RGB values of its input tensor, made here too (the worker
// gives the array back as `returned` once copied, to be filled again); the others an ImageBitmap.
//
// The pump: with `pump`, the next camera frame is captured just before the worker is
// expected to be free (its last answers say how long a frame takes, and by how much that
// varies, which widens the margin), so the worker goes
// from one frame to the next without waiting for the page, and the frame is as fresh as it
// can be; one frame waits at most, never two (a queue would only add latency). The next
// run() for the same source and key takes that frame; another source or key drops it (a key
// that changes with `fields`, say the top k, keeps an answer from going to a call that
// asked otherwise).
//
// A worker that fails to start or crashes rejects every pending and later call, with the
// reason, and the Python side falls back to the page's thread. So does one that has not
// answered its load after LOAD_WAIT_S (it is stopped): a worker may hang without an error
// (Firefox did, starting the wasm backend's own threads: issue 32), and the page says so
// rather than wait for ever. `?worker_wait=<seconds>` shortens the wait, for tests. One
// stopped on purpose (terminate()) answers its calls {stopped: why} instead.
"use strict";
const LEAD_MS = 6;  // capture and transfer: how early before the worker is free, at least
const SPREADS = 2;  // and as many times the frames' spread in the worker (their jitter) more
// many times the slowest first load seen (a large model, on 2 busy cores); the page's own
// copy of the model runs meanwhile, so a long wait costs the user nothing but the message
const LOAD_WAIT_S = (() => {
  const asked = Number(new URLSearchParams(location.search).get("worker_wait"));
  return asked > 0 && asked <= 600 ? asked : 40;
})();
const liveWorkers = new Set();
// what the running workers hold, for labStats(): how many, and their tensors at the last answer
window.labWorkerStats = () => ({
  workers: liveWorkers.size,
  tensors: [...liveWorkers].reduce((sum, client) => sum + client.tensors, 0),
});
window.labModelWorker = function labModelWorker(script, name) {
  const worker = new Worker(script);
  const pending = new Map();
  let next = 1, broken = null, ahead = null, tensors = 0;
  let busy = null, lastAnswer = 0;  // a frame's time in the worker (moving mean); the last answer's
  let spread = 0;  // how far a frame's time strays from `busy` (moving mean): the pump's margin
  let frames = "bitmap";  // or "rgba": RGBA bytes, or "rgb": int32 RGB values (its load says)
  const spare = [];  // RGB arrays the worker gave back once it had copied them: filled again
  const dropAhead = () => {
    if (ahead) clearTimeout(ahead.timer);
    ahead = null;
  };
  const fail = (why) => {
    broken = broken || why;
    for (const {reject} of pending.values()) reject(new Error(broken));
    pending.clear();
    dropAhead();
  };
  worker.onmessage = ({data}) => {
    const call = pending.get(data.id);
    if (!call) return;
    pending.delete(data.id);
    lastAnswer = performance.now();
    if (data.result && typeof data.result.tensors === "number") tensors = data.result.tensors;
    if (data.error !== undefined) call.reject(new Error(data.error));
    else call.resolve(data.result);
  };
  worker.onerror = (event) => {
    event.preventDefault();  // said by the page, not logged as an uncaught error
    fail(`the ${name} worker stopped (${event.message || "its script could not load"})`);
  };
  let stopped = false;  // by terminate(): on purpose, so calls answer {stopped: why}, not fail
  const call = (type, fields = {}, transfer = []) => new Promise((resolve, reject) => {
    if (broken) return stopped ? resolve({stopped: broken}) : reject(new Error(broken));
    const id = next++;
    pending.set(id, {resolve, reject});
    worker.postMessage({id, type, ...fields}, transfer);
  });
  // the picture now: {answer: the worker's answer for it, with `captured` on the page's clock,
  // sent: when it was posted}
  function post(source, width, height, fields) {
    const photo = source.tagName !== "VIDEO";
    const captured = performance.now();
    let markSent;
    const sent = new Promise((resolve) => { markSent = resolve; });
    const answer = (async () => {
      let picture, moved;
      try {
        if (frames === "rgb") {
          picture = {rgb: labPixels.rgb(source, width, height, photo, spare.pop())};
          moved = picture.rgb.buffer;
        } else if (frames === "rgba") {
          picture = {rgba: labPixels.rgba(source, width, height, photo)};
          moved = picture.rgba.buffer;
        } else {
          picture = {bitmap: await createImageBitmap(source)};
          moved = picture.bitmap;
        }
      } finally {
        markSent(performance.now());
      }
      // a camera frame's time lets MoveNet and BlazePose smooth over the stream
      const {returned, ...reply} = await call("run", {...fields, ...picture, width, height, photo,
                                                      timestamp: photo ? null : captured}, [moved]);
      if (returned && spare.length < 2) spare.push(returned);  // one in the worker, one waiting
      if (reply.stopped) return reply;
      if (busy !== null) spread += 0.2 * (Math.abs(reply.busy - busy) - spread);
      busy = busy === null ? reply.busy : busy + 0.2 * (reply.busy - busy);
      return {...reply, captured};
    })();
    answer.catch(() => {});  // said when it is taken; dropped, it has nothing to say
    return {answer, sent};
  }
  // the frame after `frame`, captured LEAD_MS before the worker is expected to be done with it
  function pumpAfter(frame, source, width, height, key, fields) {
    const next = {source, key, frame: null, timer: null,
                  capture() {
                    clearTimeout(next.timer);
                    if (ahead === next && !next.frame && !broken) {
                      next.frame = post(source, width, height, fields);
                    }
                  }};
    ahead = next;
    frame.sent.then((sentAt) => {
      if (ahead !== next || busy === null) return;  // until a frame is timed: at its answer
      const start = Math.max(sentAt, lastAnswer);  // after the frame before it
      const lead = LEAD_MS + SPREADS * spread;  // a frame quicker than most finds the next there
      next.timer = setTimeout(next.capture, start + busy - lead - performance.now());
    });
    return next;
  }
  const client = {
    // the worker's model, from `fields` (each worker script says what it needs)
    load(fields) {
      const silent = setTimeout(() => {
        fail(`the ${name} worker did not answer its load within ${LOAD_WAIT_S} s, so it was stopped`);
        client.terminate();
      }, LOAD_WAIT_S * 1000);
      return call("load", fields).finally(() => clearTimeout(silent)).then((answer) => {
        frames = answer.frames ?? "bitmap";
        return answer;
      });
    },
    // the model's answer for the picture in `source` (a <video>, <img> or <canvas>) now, or
    // for the one the pump took ahead for the same source and `key`; `fields` go with the
    // frame to the worker script's run handler
    async run(source, width, height, key, pump, fields = {}) {
      const waiting = ahead && ahead.source === source && ahead.key === key ? ahead : null;
      if (waiting) waiting.capture();  // now, if its time had not come yet
      const frame = waiting ? waiting.frame : post(source, width, height, fields);
      dropAhead();
      const following = pump && !broken ? pumpAfter(frame, source, width, height, key, fields)
                                        : null;
      const answer = await frame.answer;
      if (following) following.capture();  // the worker was quicker than its mean
      return answer;
    },
    // the worker's TF.js backend from its next message on: {backend: the one in use}
    backend: (name) => call("backend", {name}),
    // the worker's tensors at its last answer (labStats)
    get tensors() { return broken ? 0 : tensors; },
    reset() {
      dropAhead();
      const done = call("reset");
      done.catch(() => {});  // not awaited by the pose model; a stopped worker has nothing to reset
      return done;
    },
    // Stopped on purpose (the demo stopped, or the model was switched off or replaced): a
    // call still waiting is answered {stopped: why}. An error would go unread by a caller
    // that gave up waiting, and be logged as one when Python collects its future.
    terminate() {
      if (!broken) {
        broken = `the ${name} worker was stopped`;
        stopped = true;
      }
      for (const {resolve} of pending.values()) resolve({stopped: broken});
      pending.clear();
      dropAhead();
      worker.terminate();
      liveWorkers.delete(client);
    },
  };
  liveWorkers.add(client);
  return client;
};
