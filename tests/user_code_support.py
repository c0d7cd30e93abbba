"""What the edited-code tests share: the editors' storage keys, an endless loop, seeding a saved
edit, a brief training (tests/test_user_code*.py).

    from user_code_support import EDIT_KEY, ENDLESS, seed, shipped
"""

import json

EDIT_KEY = "browser-ml-lab/edit/{}"
UNFINISHED_KEY = "browser-ml-lab/unfinished/{}"


ENDLESS = "\nwhile True:\n    pass\n"


def seed(page, demo: str, source: str, unfinished: bool = False):
    """Put a saved edit (and its "did not finish" mark) in localStorage before the page loads."""
    items = {EDIT_KEY.format(demo): source}
    if unfinished:
        items[UNFINISHED_KEY.format(demo)] = "running"
    page.add_init_script(f"""
        if (!sessionStorage.getItem("seeded")) {{
            for (const [key, value] of Object.entries({json.dumps(items)}))
                localStorage.setItem(key, value);
            sessionStorage.setItem("seeded", "1");
        }}""")


def shipped(app, demo: str) -> str:
    return app.page.evaluate(f"fetch('py/lab/demos/{demo}.py').then(r => r.text())")


def train_briefly(app):
    """Another demo still works: a 20-epoch regression."""
    assert app.train_regression(20)["epochs_run"] == 20
