"""Browser ML Lab: machine learning in the browser, written in Python.

The package is `py/lab/` on disk and `lab` inside the page (mounted by pyscript.toml).
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
browser (`lab.core.output`, `lab.inputs.forms`, ...) can be imported and tested without one.
"""

__all__ = ["Demo", "tf", "tidy", "to_js", "to_py"]


def __getattr__(name: str):
    if name == "tf":
        from lab.core.pythonic import tf as value
    elif name == "tidy":
        from lab.core.engine import tidy as value
    elif name == "Demo":
        from lab.core.demo import Demo as value
    elif name in ("to_js", "to_py"):
        from lab.core import bridge
        value = getattr(bridge, name)
    else:
        raise AttributeError(f"module 'lab' has no attribute {name!r}")
    globals()[name] = value
    return value
