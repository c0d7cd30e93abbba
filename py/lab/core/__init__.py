"""What every demo leans on: the JS bridge, the engine, a demo's run and its messages.

    from lab.core import ui                   # the page: elements, results, messages
    from lab.core.bridge import after_paint   # bridge idioms: proxies, promises, paints
    from lab.core.demo import Demo            # one run of a demo script (also `lab.Demo`)
"""
