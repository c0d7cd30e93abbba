# Entry point: index.html runs this file; the app itself is the `lab` package.
from lab.app import main

await main()
