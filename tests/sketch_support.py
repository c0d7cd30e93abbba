"""What the Sketch tab's browser tests share: the tab opened, its list, its editor.

    from sketch_support import EDITOR, items, open_sketches

    app = open_sketches(shared_app)     # the Sketch tab, its kept sketches listed
    items(app)                          # ["My idea", ...]: the list's names, top to bottom
    app.page.evaluate(f"{EDITOR}.getValue()")
"""

EDITOR = "document.querySelector('#sketch-editor .CodeMirror').CodeMirror"


def open_sketches(app, query: str = ""):
    app.open(demo="sketch", query=query)
    app.page.wait_for_selector("#sketch-list[data-loaded]", state="attached")
    return app


def items(app) -> list[str]:
    """The names in #sketch-list, top to bottom."""
    return app.page.eval_on_selector_all("#sketch-list [data-sketch] .sketch-title",
                                         "found => found.map(e => e.textContent)")
