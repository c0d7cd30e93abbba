# Entry point: index.html runs this file; the app itself is the `lab` package.
import js

js.performance.mark("lab:main")  # the lab's files are in Python's file system (bench/boot_timeline.py)
await js.labBoot.scriptsLoaded()  # PyScript starts beside them (js/boot_scripts.js)
if js.labBoot.missing():  # a library the app needs did not load: js/boot_scripts.js said which
    js.document.getElementById("boot-status").textContent = "Stopped: a library did not load"
else:
    from lab.app import main

    js.performance.mark("lab:imported")
    await main()
