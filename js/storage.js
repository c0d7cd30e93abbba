// With site data blocked (a browser setting), localStorage and IndexedDB refuse to work, and
// ml5 reads localStorage as it loads, PyScript opens IndexedDB as it starts. A localStorage kept
// in memory lets every script load; js/pyodide.mjs puts an IndexedDB kept in memory
// (fake-indexeddb, from npm) in place before PyScript opens it. The page says that edits last
// only as long as the tab (py/storage.py).
(() => {
  try {
    window.localStorage.getItem("browser-ml-lab/probe");
    return;
  } catch (error) {
    window.labStorageBlocked = String((error && error.name) || error);
  }
  const items = new Map();
  const memory = {
    getItem: (key) => (items.has(String(key)) ? items.get(String(key)) : null),
    setItem: (key, value) => void items.set(String(key), String(value)),
    removeItem: (key) => void items.delete(String(key)),
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    get length() { return items.size; },
  };
  // Until then, a request that never answers: better than an error nobody catches.
  const pending = { open: () => ({}), deleteDatabase: () => ({}), databases: async () => [] };
  const stand_ins = { localStorage: memory, sessionStorage: memory, indexedDB: pending };
  for (const [name, value] of Object.entries(stand_ins)) {
    Object.defineProperty(window, name, { value, configurable: true, writable: true });
  }
})();
