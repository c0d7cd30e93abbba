"""Where a hands frame's time goes when the model runs in the worker (?demo=hands&worker=1, the
lite model or --model full, wasm, the fake camera's two hands), beside the plain-JS page (its
model on the page's thread, tracking), in turns as bench/run.py's loops: per turn of each page,
its fps; for the lab, per frame, on one clock (performance.timeOrigin + now, page and worker alike):
- read: labPixels.rgba on the page (js/pixels.js), post: postMessage of the bytes;
- transit: from posted to its arrival in the worker; queued: waiting there (sent early);
- own: the worker's time on it, from its start to its answer (fromRgba: the part that
  labPixels.fromRgba took, in a worker sent RGBA bytes);
- idle: the worker with no frame, from one answer to the next frame's arrival;
and, per page's turn, the CPU ms per frame of each busy thread of the browser (/proc), so what
the page's thread and the rest do meanwhile on the 2 cores shows. The ceiling: the plain page's
frame time over the worker's own time a frame (fromRgba + model), the worker never idle.

    .venv/bin/python bench/hands_worker_costs.py [--turns 12] [--frames 16] [--model full]

Not part of ./lab bench: a diagnostic, under the browser lock like any bench.
"""

import argparse
import collections
import json
import os
import statistics
import tempfile
from pathlib import Path

from pages import Bench, url_for, wait_frames
from playwright.sync_api import sync_playwright

PAGE_HOOKS = r"""() => {
  const T = () => performance.timeOrigin + performance.now();
  const log = window.__hw = [];
  const read = labPixels.rgba;
  labPixels.rgba = (...args) => { const s = T(); const r = read(...args);
    log.push({k: "read", t: s, ms: T() - s}); return r; };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, transfer) {
    if (!this.__hw) {
      this.__hw = true;
      this.addEventListener("message", (e) => log.push({k: "got", id: e.data.id, t: T()}));
    }
    const s = T();
    const r = post.call(this, message, transfer);
    if (message && message.type === "run") log.push({k: "post", id: message.id, t: s, ms: T() - s});
    return r;
  };
}"""
WORKER_HOOKS = r"""() => {
  const T = () => performance.timeOrigin + performance.now();
  const log = self.__hw = [];
  const serve = self.onmessage;
  self.onmessage = (e) => { if (e.data.type === "run") log.push({k: "arrive", id: e.data.id, t: T()});
    serve(e); };
  const from = labPixels.fromRgba;
  labPixels.fromRgba = (...args) => { const s = T(); const r = from(...args);
    log.push({k: "rgba", t: s, ms: T() - s}); return r; };
  const answer = self.postMessage.bind(self);
  self.postMessage = (m, transfer) => { log.push({k: "answer", id: m.id, t: T()});
    return answer(m, transfer); };
  return true;
}"""


def thread_cpu() -> dict:
    """{(pid, thread name): CPU ticks} of every chromium thread."""
    ticks = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if "chrom" not in Path(f"/proc/{pid}/comm").read_text():
                continue
            for tid in os.listdir(f"/proc/{pid}/task"):
                stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                key = (int(pid), name)
                ticks[key] = ticks.get(key, 0) + int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return ticks


def per_frame(lab: list, worker: list) -> list[dict]:
    """The lab's frames, each step in ms, from the page's and the worker's logs."""
    posts = {e["id"]: e for e in lab if e["k"] == "post"}
    got = {e["id"]: e["t"] for e in lab if e["k"] == "got"}
    reads = [e for e in lab if e["k"] == "read"]
    arrive = {e["id"]: e["t"] for e in worker if e["k"] == "arrive"}
    answers = {e["id"]: e["t"] for e in worker if e["k"] == "answer"}
    rgba = [e for e in worker if e["k"] == "rgba"]
    frames, last_answer, last_got = [], None, None
    for frame_id in sorted(arrive):
        if frame_id not in answers or frame_id not in posts:
            continue
        post = posts[frame_id]
        read = max((r for r in reads if r["t"] <= post["t"]), key=lambda r: r["t"], default=None)
        # the worker takes a message once done with the one before (js/worker_base.js)
        start = arrive[frame_id] if last_answer is None else max(arrive[frame_id], last_answer)
        made = [r for r in rgba if start <= r["t"] <= answers[frame_id]]  # before: fromRgba
        frames.append({
            "read": read["ms"] if read else None, "post": post["ms"],
            "transit": arrive[frame_id] - post["t"] - post["ms"],
            "queued": start - arrive[frame_id],
            "fromRgba": made[0]["ms"] if made else None,
            "own": answers[frame_id] - start,
            "idle": None if last_answer is None else max(0.0, arrive[frame_id] - last_answer),
            "answer_to_page": got.get(frame_id, answers[frame_id]) - answers[frame_id],
            # when the page posted it, after the last answer reached the page (< 0: ahead)
            "posted_after_answer": None if last_got is None else post["t"] - last_got})
        last_answer, last_got = answers[frame_id], got.get(frame_id)
    return frames[1:]  # the first after a turn's pause waited for the gate


def med(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 2) if values else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--frames", type=int, default=16)
    parser.add_argument("--model", default="lite", help="the hand landmark model, lite or full")
    args = parser.parse_args()
    hz = os.sysconf("SC_CLK_TCK")
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        bench = Bench(playwright, Path(work))
        pages = {}
        try:
            base = bench.server("plain")
            for kind, url in (("lab", base + f"/?demo=hands&backend=wasm&hands={args.model}&worker=1"),
                              ("plain", url_for(base, False, "hands", "wasm", args.model))):
                context = bench.browser("hands").new_context(viewport={"width": 1280,
                                                                       "height": 900})
                page = bench.new_page(context)
                page.goto(url)
                wait_frames(page, 12, args.model, 300)
                page.evaluate("window.__bench.gate.close()")
                pages[kind] = page
            lab = pages["lab"]
            lab.evaluate(PAGE_HOOKS)
            worker = next(w for w in lab.workers if w.url.endswith("vision_worker.js"))
            worker.evaluate(WORKER_HOOKS)
            fps = collections.defaultdict(list)
            cpu = {kind: collections.Counter() for kind in pages}
            counted = collections.Counter()
            for turn in range(args.turns):
                for kind in (("lab", "plain") if turn % 2 == 0 else ("plain", "lab")):
                    before = thread_cpu()
                    frames = pages[kind].evaluate("([n]) => window.__bench.gate.run(n, 60000)",
                                                  [args.frames])
                    after = thread_cpu()
                    span = frames[-1]["t"] - frames[0]["t"]
                    fps[kind].append((len(frames) - 1) * 1000 / span)
                    counted[kind] += len(frames)
                    for key, ticks in after.items():
                        cpu[kind][key] += ticks - before.get(key, 0)
            steps = per_frame(lab.evaluate("window.__hw"), worker.evaluate("self.__hw"))
        finally:
            for page in pages.values():
                page.context.close()
            bench.close()
    print(json.dumps({kind: med(v) for kind, v in fps.items()}), "fps (median of turns)")
    ratio = [a / b for a, b in zip(fps["lab"], fps["plain"])]
    print("fps ratio lab/plain, median of turns:", med(ratio))
    print(f"lab frames: {len(steps)}; medians (ms):",
          json.dumps({k: med([f[k] for f in steps]) for k in steps[0]}))
    idle = [f["idle"] for f in steps if f["idle"] is not None]
    idle = [i for i in idle if i < 200]  # not the pause between two turns
    print("worker idle within turns: share of frames > 1 ms:",
          round(sum(i > 1 for i in idle) / len(idle), 2), "mean", round(statistics.mean(idle), 2),
          "deciles", [round(v, 1) for v in statistics.quantiles(idle, n=10)])
    late = [f for f in steps if f["idle"] is not None and 1 < f["idle"] < 200]
    if late:
        print("frames after an idle worker, medians (ms):",
              json.dumps({k: med([f[k] for f in late]) for k in late[0]}))
    own = med([f["own"] for f in steps if f["idle"] is not None and f["idle"] < 200])
    plain_ms = 1000 / med(fps["plain"])
    print(f"ceiling: plain frame {plain_ms:.1f} ms / worker's own {own} ms = "
          f"{plain_ms / own:.3f}")
    for kind, counter in cpu.items():
        print(f"CPU ms a frame while {kind} runs (threads over 0.5 ms):")
        for (pid, name), ticks in counter.most_common(14):
            ms = ticks * 1000 / hz / counted[kind]
            if ms >= 0.5:
                print(f"   {pid:>7} {name:<22} {ms:6.1f}")


if __name__ == "__main__":
    main()
