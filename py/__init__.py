"""Browser ML Lab: machine learning in the browser, written in Python.

The package is `py/` on disk and `lab` inside the page (see pyscript.toml).
Each demo in `lab.demos` is a short script that reads like the tutorial; the
modules here are what those scripts lean on:

    from lab import Demo, tf, tidy

    demo = Demo("tensors")              # owns what this run starts
    with tidy():                        # tensors made in the block are disposed after it
        a = tf.tensor([1, 2, 3, 4])     # TensorFlow.js, taking and giving Python values
        demo.show("a", a)
        demo.publish(a=a.tolist())

- `pythonic`: the rules by which `tf` takes Python values and gives them back
- `bridge`: the Python <-> JavaScript idioms (to_js, proxies, JS errors, waiting for a paint)
- `engine`: the page's one TensorFlow.js engine and its backend
- `ui`: the page's elements, messages and published results
- `demo`: a demo run and everything it owns, cleaned up when it stops
- `guard`, `ownership`, `storage`, `output`: what keeps a user's code from hurting the page

The names are loaded when first used, so that the modules that need no
browser (`lab.output`, `lab.forms`, ...) can be imported and tested without one.
"""

__all__ = ["Demo", "tf", "tidy", "to_js", "to_py"]


def __getattr__(name: str):
    if name == "tf":
        from lab.pythonic import tf as value
    elif name == "tidy":
        from lab.engine import tidy as value
    elif name == "Demo":
        from lab.demo import Demo as value
    elif name in ("to_js", "to_py"):
        from lab import bridge
        value = getattr(bridge, name)
    else:
        raise AttributeError(f"module 'lab' has no attribute {name!r}")
    globals()[name] = value
    return value
