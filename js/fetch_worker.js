// Reads one file off the page's thread and hands its bytes over (js/pyodide.mjs: Python's
// snapshot). A fetch read on the page's thread is drained only between the page's tasks, so
// its download waits while ml5's bundle runs there; this worker's thread reads it meanwhile.
//
//     worker.postMessage(url)  ->  {buffer} (transferred), or {status} / {error}
"use strict";
self.onmessage = async (event) => {
  try {
    const response = await fetch(event.data);
    if (!response.ok) {
      self.postMessage({ status: response.status });
      return;
    }
    const buffer = await response.arrayBuffer();
    self.postMessage({ buffer }, [buffer]);
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
