"""This tree's camera loop against another commit's, side by side: did a change make it faster?

    .venv/bin/python bench/compare_commits.py --base d6375e4        # the working tree against it
    .venv/bin/python bench/compare_commits.py --base HEAD~2 --models movenet --query worker=0
    .venv/bin/python bench/compare_commits.py --base HEAD~1 --demo classify

The base commit is checked out in a temporary git worktree with a copy of this tree's vendor/
(generated, git-ignored: its manifest is made again there for the base's own files). Both are
served as `python3 -m http.server` serves them, opened in one browser, and run in turns of a
few frames each, whose order alternates (bench/probe.js's gate), as `./lab bench` runs the lab
against the plain-JS pages: the machine's drift weighs on both alike. The ratio is this tree's
fps over the base's, turn by turn: its median and 90% interval (bootstrap over the pairs of
pages and the turns within each). Frames count once the model runs where the query puts it
(the lab's default: in a worker; `--query worker=0`: on the page's thread).
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from config import (
    CAMERA_PHOTO,
    CHROMIUM,
    POSE_MODELS,
    PROBE,
    QUIET_FLAGS,
    ROOT,
    camera_flags,
    log,
    serve_folder,
)
from playwright.sync_api import sync_playwright
from stats import spread

# the demo's result once its model runs `where` (and is `model`, for pose)
READY = """([demo, model, where]) => {
  const text = document.getElementById(demo + '-result').textContent;
  if (!text) return false;
  const r = JSON.parse(text);
  return r.where === where && (model === null || r.model === model) && r.frame >= 3;
}"""


def base_tree(commit: str, into: Path) -> Path:
    """`commit` checked out under `into`, with vendor/ and its manifest ready to serve."""
    tree = into / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree),
                    commit], check=True)
    shutil.copytree(ROOT / "vendor", tree / "vendor")
    subprocess.run([sys.executable, "tools/make_manifest.py"], cwd=tree, check=True,
                   stdout=subprocess.DEVNULL)
    return tree


def turns_of(browser, urls: dict, demo: str, model, where: str, turns: int, frames: int,
             page_set: int, fps: dict):
    """`turns` turns of each page (base, this tree), order alternating; fps appended per side."""
    contexts, pages = {}, {}
    for side, url in urls.items():
        contexts[side] = browser.new_context()
        contexts[side].add_init_script(PROBE)
        pages[side] = contexts[side].new_page()
        pages[side].goto(url)
    for page in pages.values():
        page.wait_for_function(READY, arg=[demo, model, where], timeout=180_000, polling=250)
        page.evaluate("window.__bench.gate.close()")
    for turn in range(turns):
        for side in (("base", "this") if turn % 2 == 0 else ("this", "base")):
            published = pages[side].evaluate("([count]) => window.__bench.gate.run(count, 60000)",
                                             [frames])
            times = [frame["t"] for frame in published]
            fps[side].append(((len(times) - 1) * 1000 / (times[-1] - times[0]), page_set))
            pages[side].wait_for_timeout(200)  # the other page's turn starts on a settled machine
    for context in contexts.values():
        context.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the commit to compare against")
    parser.add_argument("--demo", default="pose", choices=sorted(CAMERA_PHOTO))
    parser.add_argument("--models", default="movenet,blazepose",
                        help=f"pose models, comma-separated, of {', '.join(POSE_MODELS)}")
    parser.add_argument("--query", default="", help="added to both pages' address, e.g. worker=0")
    parser.add_argument("--turns", type=int, default=30, help="turns of each page, per model")
    parser.add_argument("--frames", type=int, default=14, help="frames in a turn")
    parser.add_argument("--page-sets", type=int, default=2,
                        help="pairs of pages the turns are shared among")
    args = parser.parse_args()
    if subprocess.run([sys.executable, "tools/make_manifest.py", "--check"], cwd=ROOT).returncode:
        sys.exit("vendor/manifest.json is out of date for this tree: "
                 "run python3 tools/make_manifest.py first")
    models = [None] if args.demo != "pose" else args.models.split(",")
    where = "page" if "worker=0" in args.query else "worker"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        tree = base_tree(args.base, work)
        servers = {"base": serve_folder(tree), "this": serve_folder(ROOT)}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True,
                    args=QUIET_FLAGS + camera_flags(CAMERA_PHOTO[args.demo], work))
                for model in models:
                    query = "&".join(q for q in (f"demo={args.demo}",
                                                 f"pose={model}" if model else "", args.query) if q)
                    urls = {side: f"{base}/?{query}" for side, (base, _) in servers.items()}
                    fps = {"base": [], "this": []}
                    for page_set in range(args.page_sets):
                        log(f"{model or args.demo}: pages {page_set + 1} of {args.page_sets}")
                        turns_of(browser, urls, args.demo, model, where,
                                 args.turns // args.page_sets, args.frames, page_set, fps)
                    ratio = spread([this / base for (this, _), (base, _) in
                                    zip(fps["this"], fps["base"])],
                                   [page_set for _, page_set in fps["this"]])
                    base_fps = spread([f for f, _ in fps["base"]])["median"]
                    this_fps = spread([f for f, _ in fps["this"]])["median"]
                    print(f"{model or args.demo} ({where}): fps {args.base} {base_fps:.2f}, "
                          f"this tree {this_fps:.2f}; this ÷ base {ratio['median']:.3f} "
                          f"(90%: {ratio['ci90'][0]:.3f}–{ratio['ci90'][1]:.3f}), "
                          f"{len(fps['this'])} turns", flush=True)
                browser.close()
        finally:
            for _, stop in servers.values():
                stop()
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False)


if __name__ == "__main__":
    main()
