"""Accessibility: axe-core's audit of the real page on every tab, the keyboard, what a screen reader
is told and how often; and small screens, a phone held upright (390x844) and a tablet (768x1024):
on every tab nothing scrolls sideways, the stage fits the width with its overlay on the video, and
every control lies within the width. On such a failure every tab's screenshot at both sizes is
kept, test-results/small-<size>-<tab>.png.

axe-core (npm, pinned in package-lock.json) is loaded into the page as a script of the same origin
(node_modules/ is served like the rest of the folder): the page's Content-Security-Policy stays on.
"""

import shutil

import pytest

from conftest import RESULTS

DEMOS = ("tensors", "regression", "classify", "pose", "teach", "face", "sketch", "hands", "segment")
AXE = "node_modules/axe-core/axe.min.js"
# What each tab must show before it is audited: the state a user meets there.
SHOWN = {"tensors": "r.add", "regression": "r.status", "classify": "r.frames >= 1",
         "pose": "r.frame >= 1", "teach": "r.frame >= 1", "face": "r.frame >= 1", "sketch": "r.source",
         "hands": "r.frame >= 1", "segment": "r.frame >= 1"}

# axe leaves text the very colour of its background "incomplete" (it may be hidden on purpose):
# here that is a button's label nobody can read, so it counts.
RUN_AXE = """() => axe.run(document, {resultTypes: ['violations', 'incomplete']}).then(r => r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id} (${v.help}): ` + v.nodes.slice(0, 3)
        .map(n => n.target.join(' ') + ' ' + n.failureSummary.replace(/\\s+/g, ' ')).join(' | '))
    .concat(r.incomplete.filter(v => v.id === 'color-contrast').flatMap(v => v.nodes)
        .filter(n => n.any.some(c => c.data && c.data.messageKey === 'equalRatio'))
        .map(n => `color-contrast: text the colour of its background: ${n.target.join(' ')}`)))"""

# Every change of a live region's text from now on, per region, in window.liveChanges.
COUNT_LIVE_CHANGES = """() => {
    window.liveChanges = {};
    for (const region of document.querySelectorAll('[aria-live], [role=status], [role=alert]')) {
        const key = region.id || region.className;
        window.liveChanges[key] = [];
        let last = region.textContent;
        new MutationObserver(() => {
            if (region.textContent === last) return;
            last = region.textContent;
            if (!region.closest('[hidden]')) window.liveChanges[key].push(last);
        }).observe(region, {childList: true, characterData: true, subtree: true});
    }
}"""


# The shown panel's controls that Tab should reach, in the order of the page.
CONTROLS = """(demo) => [...document.querySelectorAll(`#demo-${demo} :is(a[href], button, input,
        select, textarea, summary, [tabindex], [contenteditable=true])`)]
    .filter(e => !e.disabled && e.getClientRects().length
                 && (e.tabIndex >= 0 || e.matches('a, button, input, select, textarea, summary'))
                 && getComputedStyle(e).visibility !== 'hidden')
    .map(e => e.id || e.className || e.tagName)"""
FOCUSED = """() => { const e = document.activeElement;
    return [e.closest('main') ? e.id || e.className || e.tagName : null, !!e.closest('.CodeMirror')]; }"""


def tab_walk(app, demo: str) -> list[str]:
    """What Tab reaches from the demo's tab until it leaves the panel (Escape before Tab in an
    editor, whose Tab indents)."""
    app.page.focus(f"#tab-{demo}")
    reached, in_editor = [], False
    for _ in range(200):
        if in_editor:
            app.page.keyboard.press("Escape")
        app.page.keyboard.press("Tab")
        focused, in_editor = app.page.evaluate(FOCUSED)
        if focused is None:
            break
        reached.append(focused)
    return reached


SIZES = [{"width": 390, "height": 844}, {"width": 768, "height": 1024}]
WIDE = {"width": 1280, "height": 900}  # the tests' own size
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
# the page as laid out and painted at its new size: the window's resize event and its handlers
# come before the next animation frame's callbacks
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def misfits_at_small_sizes(app, demo: str, shots) -> dict:
    """MISFITS of the shown tab at each small size (a screenshot of each in `shots`); the page
    back at the tests' own size."""
    found = {}
    for viewport in SIZES:
        app.page.set_viewport_size(viewport)
        app.page.evaluate(PAINTED)
        assert app.page.evaluate("document.documentElement.clientWidth") <= viewport["width"]
        size = f"{viewport['width']}x{viewport['height']}"
        app.page.screenshot(path=str(shots / f"small-{size}-{demo}.png"), full_page=True)
        found[f"{size} {demo}"] = app.page.evaluate(MISFITS, demo)
    app.page.set_viewport_size(WIDE)
    app.page.evaluate(PAINTED)
    return {where: lines for where, lines in found.items() if lines}


@pytest.mark.camera("chelsea")
def test_on_every_tab_axe_finds_nothing_serious_tab_reaches_every_control_and_small_screens_fit(
        app, tmp_path):
    """Each tab once, its demo running (a camera demo's first result), then audited at the
    tests' size and measured at a phone's and a tablet's (the layout is CSS's: a stage fits a
    width it is resized to as one it started at)."""
    app.open(demo="tensors")
    app.page.add_script_tag(url=f"{app.server}/{AXE}")
    found, misfits = {}, {}
    for demo in DEMOS:
        app.page.click(f"#tab-{demo}")
        if demo == "sketch":  # a sketch waits for Run: the new sketch's template, running
            app.run_code(demo)
        app.wait_result(demo, SHOWN[demo], timeout=120_000)
        found[demo] = app.page.evaluate(RUN_AXE)
        controls, reached = app.page.evaluate(CONTROLS, demo), tab_walk(app, demo)
        if reached != controls:
            found[demo].append(f"Tab reaches {reached}, the panel has {controls}")
        misfits.update(misfits_at_small_sizes(app, demo, tmp_path))
    if misfits:
        RESULTS.mkdir(exist_ok=True)
        for shot in tmp_path.glob("small-*.png"):
            shutil.copy(shot, RESULTS / shot.name)
    assert not any(found.values()), "\n".join(
        f"{demo}: {line}" for demo, lines in found.items() for line in lines)
    assert not misfits, "\n".join(f"{where}: {'; '.join(lines)}" for where, lines in misfits.items())


def focused(app) -> str:
    return app.page.evaluate("document.activeElement.id || document.activeElement.className")


def test_the_tabs_follow_the_aria_tabs_pattern(app):
    app.open(demo="tensors")
    tabs = [f"tab-{demo}" for demo in DEMOS]
    # Tab reaches the shown tab only (a roving tabindex)
    app.page.focus("#tab-tensors")
    assert app.page.evaluate("[...document.querySelectorAll('[role=tab]')].map(t => t.tabIndex)") \
        == [0] + [-1] * (len(DEMOS) - 1)
    app.page.keyboard.press("ArrowRight")
    assert focused(app) == "tab-regression"
    assert app.page.evaluate("document.documentElement.dataset.demo") == "tensors"  # not shown yet
    app.page.keyboard.press("Enter")
    app.page.wait_for_function("document.documentElement.dataset.demo === 'regression'")
    assert app.page.get_attribute("#tab-regression", "aria-selected") == "true"
    assert app.page.evaluate("document.activeElement.tabIndex") == 0
    assert app.page.get_attribute("#tab-tensors", "tabindex") == "-1"
    for key, expected in (("End", tabs[-1]), ("Home", tabs[0]), ("ArrowLeft", tabs[-1]),
                          ("ArrowRight", tabs[0]), ("ArrowDown", tabs[1]), ("ArrowUp", tabs[0])):
        app.page.keyboard.press(key)
        assert focused(app) == expected, key
    # the focus shows
    assert app.page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    app.page.keyboard.press(" ")
    app.page.wait_for_function("document.documentElement.dataset.demo === 'tensors'")
    # Tab from the tab list goes into the shown panel, past the other tabs
    app.page.keyboard.press("Tab")
    assert app.page.evaluate("document.activeElement.closest('#demo-tensors') !== null")


def test_the_editor_runs_with_its_shortcut_and_lets_the_keyboard_out(app):
    app.open(demo="tensors")
    app.page.click("#tensors-editor .CodeMirror-code")
    label = app.page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert "Python code of the tensors demo" in label and "Escape then Tab" in label
    app.page.keyboard.press("Control+End")
    app.page.keyboard.press("Tab")  # inside the editor Tab indents
    assert app.code("tensors").endswith("    ")
    assert app.page.evaluate("document.activeElement.closest('.CodeMirror') !== null")
    app.page.keyboard.press("Escape")
    app.page.keyboard.press("Tab")  # Escape then Tab: out of the editor, to what follows it
    assert app.page.evaluate("document.activeElement.closest('.CodeMirror') === null")
    assert not app.code("tensors").endswith("        ")
    app.page.keyboard.press("Shift+Tab")  # and back in, where Tab indents again
    assert app.page.evaluate("document.activeElement.closest('.CodeMirror') !== null")
    app.run_code("tensors")  # the edit (trailing spaces) still runs
    assert app.result("tensors")["add"] == [11, 22, 33, 44]
    app.page.click("#tensors-code-reset")


@pytest.mark.camera("astronaut_640x480")
def test_the_stage_is_described_at_a_readable_pace_and_nothing_speaks_every_frame(app):
    app.open(demo="pose")
    app.wait_result("pose", "r.source === 'camera' && r.frame >= 1", timeout=120_000)
    stage = app.page.locator("#pose-stage")
    assert stage.get_attribute("role") == "img"
    assert stage.get_attribute("aria-labelledby") == "pose-stage-text"
    app.page.wait_for_function(
        "document.getElementById('pose-stage-text').textContent.includes('1 person')",
        timeout=30_000)
    assert "keypoints above the threshold" in app.page.text_content("#pose-stage-text")
    app.page.evaluate(COUNT_LIVE_CHANGES)
    start = app.result("pose")["frame"]
    app.page.wait_for_timeout(6000)
    frames = app.result("pose")["frame"] - start
    changes = app.page.evaluate("window.liveChanges")
    chatty = {key: seen for key, seen in changes.items() if len(seen) > 4}  # PACE_S = 2 s
    assert frames >= 10 and not chatty, (frames, chatty)
