// The lab's watchdog, for cross-origin isolated pages only (SharedArrayBuffer; tools/serve.py).
//
// py/guard.py stops a demo script's own loops from inside Python. Code it cannot see (a regular
// expression that backtracks for minutes, a loop in a module the script imported) only stops
// when Pyodide's interrupt buffer says so, and only another thread can write it while the
// page's thread is busy. The page beats every 250 ms; py/guard.py raises a flag while a slice
// runs a demo script; if the flag stays up while the beats stop for longer than the limit,
// this worker writes SIGINT (2) into the buffer, and Python raises KeyboardInterrupt there.
//
// shared Int32Array: [0] interrupt buffer, [1] flag (a script runs), [2] last beat (ms, 31 bits),
// [3] how many times this worker interrupted
const INTERRUPT = 0, RUNNING = 1, BEAT = 2, FIRED = 3, SIGINT = 2;
const now = () => Date.now() & 0x7fffffff;

if (typeof window === "undefined") {
  // the worker
  onmessage = ({ data: { shared, limitMs } }) => {
    const cells = new Int32Array(shared);
    self.watched = cells;  // what a test reads when the page's thread is stuck
    let firedAt = -Infinity;  // once fired, the page gets a full limit to handle it
    setInterval(() => {
      const quiet = (now() - Atomics.load(cells, BEAT)) & 0x7fffffff;
      if (Atomics.load(cells, RUNNING) === 1 && quiet > limitMs &&
          performance.now() - firedAt > limitMs) {
        firedAt = performance.now();
        if (Atomics.exchange(cells, INTERRUPT, SIGINT) !== SIGINT) Atomics.add(cells, FIRED, 1);
      }
    }, 200);
    postMessage("armed");
  };
} else {
  // the page: returns the shared cells, or null where the page is not isolated.
  // `cells.armed` resolves true once the worker runs: a worker starts only while the page's
  // thread is free, so code that holds the thread before then is never interrupted. False
  // if it failed to start, or has not within ARM_MS.
  const source = document.currentScript.src;
  const ARM_MS = 10000;
  window.labWatchdog = (limitMs) => {
    if (!window.crossOriginIsolated) return null;
    const cells = new Int32Array(new SharedArrayBuffer(4 * 4));
    Atomics.store(cells, BEAT, now());
    setInterval(() => Atomics.store(cells, BEAT, now()), 250);
    const worker = new Worker(source);
    cells.armed = new Promise((resolve) => {
      const late = setTimeout(() => resolve(false), ARM_MS);
      worker.onmessage = () => { clearTimeout(late); resolve(true); };
      worker.onerror = (event) => {
        event.preventDefault();  // said below, as a warning
        clearTimeout(late);
        resolve(false);
      };
    }).then((armed) => {
      if (!armed) console.warn("The watchdog did not start: code that holds the page in C " +
                               "(a regular expression, say) cannot be interrupted.");
      return armed;
    });
    worker.postMessage({ shared: cells.buffer, limitMs });
    return cells;
  };
}
