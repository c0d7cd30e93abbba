"""A demo's code as a sketch: the same code, run by the Sketch tab. Plain Python, no browser.

    from lab.sketch.from_demo import as_sketch

    as_sketch('demo = Demo("pose")\\nstage = Stage(demo, "#pose-stage")', "pose")
    # 'demo = Demo("sketch")\\nstage = Stage(demo, "#sketch-stage")'

Only the run's name and its stage move to the Sketch tab: its result, message, output,
console, photo buttons and stage are the tab's own. Other controls the demo reads (its
model picker, its sliders) stay the demo's own elements, which the page keeps while
another tab is shown, so the code runs as it is.
"""

import re


def as_sketch(source: str, demo: str) -> str:
    name = re.escape(demo)
    source = re.sub(rf"""Demo\((["']){name}\1\)""", 'Demo("sketch")', source)
    return re.sub(rf"""(["'])#{name}-stage\1""", '"#sketch-stage"', source)
