"""What the regression tests share: training from the tab, and waiting for its end or its epochs
(tests/test_regression*.py).

    from regression_support import train, wait_done
"""


def train(app, x=None, y=None, epochs=None, rate=None, predict=None):
    for field, value in (("x", x), ("y", y), ("epochs", epochs), ("rate", rate), ("predict", predict)):
        if value is not None:
            app.page.fill(f"#regression-{field}", str(value))
    app.page.click("#regression-train")


def wait_done(app, timeout=120_000):
    return app.wait_result("regression", "r.status && r.status !== 'training'", timeout=timeout)


def message_after_click(app, demo: str, button: str) -> float:
    """Click `button`; the ms from the click event to the demo's message changing, in the page.

    Timed in the page: Playwright's own click takes seconds with megabytes in a field.
    """
    app.page.evaluate("""([demo, button]) => {
        window.timing = {};
        document.querySelector(button).addEventListener("click",
            () => { timing.click = performance.now(); }, {capture: true, once: true});
        new MutationObserver((changes, observer) => {
            timing.message = performance.now();
            observer.disconnect();
        }).observe(document.getElementById(demo + "-message"),
                   {childList: true, characterData: true, subtree: true}); }""", [demo, button])
    app.page.evaluate("(button) => document.querySelector(button).click()", button)
    app.page.wait_for_function("window.timing.message !== undefined", timeout=60_000)
    return app.page.evaluate("timing.message - timing.click")


# --- one training at a time ----------------------------------------------------------------
def epochs_seen(app, samples=40):
    """epochs_run as published, sampled every 25 ms."""
    return app.page.evaluate("""async (samples) => {
        const seen = [];
        for (let i = 0; i < samples; i++) {
            seen.push(JSON.parse(document.getElementById('regression-result').textContent).epochs_run);
            await new Promise(resolve => setTimeout(resolve, 25));
        }
        return seen; }""", samples)


def fill_long_training(app):
    """320 points (10 batches an epoch) and 10,000 epochs: a training that outlasts the test."""
    app.page.fill("#regression-x", ", ".join(f"{i / 320}" for i in range(320)))
    app.page.fill("#regression-y", ", ".join(f"{2 * i / 320 - 1}" for i in range(320)))
    app.page.fill("#regression-epochs", "10000")
