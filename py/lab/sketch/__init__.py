"""The Sketch tab: the user's own sketches, kept in this browser, run like the demos.

- `book`: sketches, their order, names and files, in plain Python
- `keep`: where they are kept (IndexedDB through js/sketches.js, or memory)
- `editor`: the demos' editor holding one sketch at a time; `panel`: the tab's controls
- `gallery`: the examples (files in `starters/`); `kit`: what a sketch imports
- `from_demo`: a demo's code as a sketch ("Open as a sketch")
"""
