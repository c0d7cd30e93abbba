"""The demos, one short script each. The app runs them as scripts (not imports),
so that running one again, shipped or edited in the page, starts it afresh."""
