// The page's side of a model worker (js/pose_worker.js, js/classify_worker.js; their message
// loop is js/worker_base.js): labModelWorker(script, name) starts one and gives
// promise-returning calls. A frame is captured here (createImageBitmap, transferred),
// so the page's thread only grabs the picture; the model runs in the worker.
//
// The pump: with `ahead`, the answer for a camera frame starts the next frame's capture
// at once, so the worker works on it while the page draws this answer and Python runs;
// one frame is in flight, never two (two would only add latency). The next run() for the
// same source and key takes that frame; another source or key drops it (a key that changes
// with `fields`, say the top k, keeps an answer from going to a call that asked otherwise).
//
// A worker that fails to start or crashes rejects every pending and later call, with the
// reason, and the Python side falls back to the page's thread.
"use strict";
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
  const fail = (why) => {
    broken = broken || why;
    for (const {reject} of pending.values()) reject(new Error(broken));
    pending.clear();
    ahead = null;
  };
  worker.onmessage = ({data}) => {
    const call = pending.get(data.id);
    if (!call) return;
    pending.delete(data.id);
    if (data.result && typeof data.result.tensors === "number") tensors = data.result.tensors;
    if (data.error !== undefined) call.reject(new Error(data.error));
    else call.resolve(data.result);
  };
  worker.onerror = (event) => {
    event.preventDefault();  // said by the page, not logged as an uncaught error
    fail(`the ${name} worker stopped (${event.message || "its script could not load"})`);
  };
  const call = (type, fields = {}, transfer = []) => new Promise((resolve, reject) => {
    if (broken) return reject(new Error(broken));
    const id = next++;
    pending.set(id, {resolve, reject});
    worker.postMessage({id, type, ...fields}, transfer);
  });
  // the picture now, and the worker's answer for it; `captured` on the page's clock
  async function post(source, width, height, fields) {
    const photo = source.tagName !== "VIDEO";
    const captured = performance.now();
    const bitmap = await createImageBitmap(source);
    // a camera frame's time lets MoveNet and BlazePose smooth over the stream
    const answer = await call("run", {...fields, bitmap, width, height, photo,
                                      timestamp: photo ? null : captured}, [bitmap]);
    return {...answer, captured};
  }
  const client = {
    // the worker's model, from `fields` (each worker script says what it needs)
    load: (fields) => call("load", fields),
    // the model's answer for the picture in `source` (a <video>, <img> or <canvas>) now, or
    // for the one the pump took ahead for the same source and `key`; `fields` go with the
    // frame to the worker script's run handler
    async run(source, width, height, key, pump, fields = {}) {
      const taken = ahead && ahead.source === source && ahead.key === key ? ahead.frame : null;
      ahead = null;
      const answer = await (taken || post(source, width, height, fields));
      if (pump && !broken && ahead === null) {
        const frame = post(source, width, height, fields);
        frame.catch(() => {});  // said when it is taken; dropped, it has nothing to say
        ahead = {source, key, frame};
      }
      return answer;
    },
    // the worker's tensors at its last answer (labStats)
    get tensors() { return broken ? 0 : tensors; },
    reset: () => { ahead = null; return call("reset"); },
    dispose: () => { ahead = null; return call("dispose"); },
    terminate() {
      fail(`the ${name} worker was stopped`);
      worker.terminate();
      liveWorkers.delete(client);
    },
  };
  liveWorkers.add(client);
  return client;
};
