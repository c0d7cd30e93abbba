// Injected by bench/run.py into every page before its own scripts: records, on the
// page's own clock (ms since navigation started), when the page became ready and
// when each new frame's result was published in #classify-result / #pose-result.
// The lab and the plain-JS baselines publish the same fields, so both are timed alike.
(() => {
  const bench = window.__bench = {ready: null, frames: []};
  const counter = (r) => r.frames ?? r.frame;
  function watch(box) {
    let last = null;
    new MutationObserver(() => {
      const text = box.textContent;
      if (!text.trim()) return;
      let r;
      try { r = JSON.parse(text); } catch { return; }
      const frame = counter(r);
      if (frame == null || frame === last) return;
      last = frame;
      bench.frames.push({t: performance.now(), frame, model: r.model ?? null,
                         ms: r.ms_per_frame ?? r.ms ?? null,
                         tensors: r.tensors ?? null});
    }).observe(box, {childList: true, characterData: true, subtree: true});
  }
  document.addEventListener("DOMContentLoaded", () => {
    const root = document.documentElement;
    new MutationObserver(() => {
      if (bench.ready === null && root.dataset.ready === "1") bench.ready = performance.now();
    }).observe(root, {attributes: true, attributeFilter: ["data-ready"]});
    for (const id of ["classify-result", "pose-result"]) {
      const box = document.getElementById(id);
      if (box) watch(box);
    }
  });
})();
