"""Small screens: a phone held upright (390x844) and a tablet (768x1024). On every tab nothing
scrolls sideways, the stage fits the width with its overlay on the video, and every control lies
within the width. On a failure every tab's screenshot at both sizes is kept,
test-results/small-<size>-<tab>.png.
"""

import shutil

from conftest import RESULTS, guarded_app

SIZES = [{"width": 390, "height": 844}, {"width": 768, "height": 1024}]
DEMOS = ("tensors", "regression", "classify", "pose", "teach", "face", "sketch", "hands", "segment")
CAMERA = ("classify", "pose", "teach", "face", "sketch", "hands", "segment")
SHOWN = {"tensors": "r.add", "regression": "r.status", "classify": "r.frames >= 1",
         "pose": "r.frame >= 1", "teach": "r.frame >= 1", "face": "r.frame >= 1", "sketch": "r.source",
         "hands": "r.frame >= 1", "segment": "r.frame >= 1"}

# What does not fit the width on the shown tab: the page's own overflow, the stage, its
# video and canvas out of step, a control past either edge.
MISFITS = """(demo) => {
    const width = document.documentElement.clientWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width)
        found.push(`the page is ${document.documentElement.scrollWidth} px wide in ${width}`);
    const section = document.getElementById('demo-' + demo);
    const controls = 'button, input, select, textarea, summary, .CodeMirror';
    for (const control of section.querySelectorAll(controls)) {
        const box = control.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;  // not shown
        const name = control.id || control.className || control.tagName;
        if (box.left < -1 || box.right > width + 1)
            found.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
    const stage = section.querySelector('.stage');
    if (stage) {
        const canvas = stage.querySelector('canvas').getBoundingClientRect();
        if (canvas.right > width + 1) found.push(`the stage's canvas ends at ${Math.round(canvas.right)}`);
        const video = stage.querySelector('video');
        if (video && video.srcObject) {
            const v = video.getBoundingClientRect();
            if (['left', 'top', 'width', 'height'].some(k => Math.abs(v[k] - canvas[k]) > 1))
                found.push(`video ${JSON.stringify(v)} is not under the canvas ${JSON.stringify(canvas)}`);
        }
    }
    return found;
}"""


def test_every_tab_fits_the_width(browsers, server, tmp_path):
    misfits = {}
    with guarded_app(browsers("chelsea"), server, viewport=SIZES[0]) as app:
        app.open(demo="tensors")  # one page, resized: a boot costs more than the checks
        for viewport in SIZES:
            app.page.set_viewport_size(viewport)
            size = f"{viewport['width']}x{viewport['height']}"
            for demo in DEMOS:
                if demo in CAMERA:  # started again when shown: wait for its new result, not the last
                    app.page.evaluate("demo => { document.getElementById(demo + '-result')"
                                      ".textContent = ''; }", demo)
                app.page.click(f"#tab-{demo}")
                if demo == "sketch":  # a sketch waits for Run: the new sketch's template
                    app.run_code(demo)
                app.wait_result(demo, SHOWN[demo], timeout=120_000)
                app.page.wait_for_timeout(300)  # the stage resized to its new width
                app.page.screenshot(path=str(tmp_path / f"small-{size}-{demo}.png"), full_page=True)
                found = app.page.evaluate(MISFITS, demo)
                if found:
                    misfits[f"{size} {demo}"] = found
    if misfits:
        RESULTS.mkdir(exist_ok=True)
        for shot in tmp_path.glob("small-*.png"):
            shutil.copy(shot, RESULTS / shot.name)
    assert not misfits, "\n".join(f"{where}: {'; '.join(lines)}" for where, lines in misfits.items())
