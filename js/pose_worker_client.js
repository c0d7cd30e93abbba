// The page's side of js/pose_worker.js: labPoseWorker() starts a worker and gives
// promise-returning calls. A frame is captured here (createImageBitmap, transferred),
// so the page's thread only grabs the picture; the model runs in the worker.
// A worker that fails to start or crashes rejects every pending and later call, with the
// reason, and the Python side falls back to the page's thread.
"use strict";
window.labPoseWorker = function labPoseWorker() {
  const worker = new Worker("js/pose_worker.js");
  const pending = new Map();
  let next = 1, broken = null;
  const fail = (why) => {
    broken = broken || why;
    for (const {reject} of pending.values()) reject(new Error(broken));
    pending.clear();
  };
  worker.onmessage = ({data}) => {
    const call = pending.get(data.id);
    if (!call) return;
    pending.delete(data.id);
    if (data.error !== undefined) call.reject(new Error(data.error));
    else call.resolve(data.result);
  };
  worker.onerror = (event) => {
    event.preventDefault();  // said by the page, not logged as an uncaught error
    fail(`the pose worker stopped (${event.message || "its script could not load"})`);
  };
  const call = (type, fields = {}, transfer = []) => new Promise((resolve, reject) => {
    if (broken) return reject(new Error(broken));
    const id = next++;
    pending.set(id, {resolve, reject});
    worker.postMessage({id, type, ...fields}, transfer);
  });
  return {
    load: (family, options) => call("load", {family, options}),
    async estimate(source, width, height, timestamp) {
      const bitmap = await createImageBitmap(source);
      return call("estimate", {bitmap, width, height, timestamp,
                               photo: source.tagName !== "VIDEO"}, [bitmap]);
    },
    reset: () => call("reset"),
    dispose: () => call("dispose"),
    terminate() {
      fail("the pose worker was stopped");
      worker.terminate();
    },
  };
};
