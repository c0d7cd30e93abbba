// What the teach demo keeps between visits: IndexedDB, since its samples are megabytes and
// localStorage holds a few. Each call gives a promise; a failure (storage refused or full)
// rejects, and the demo says it keeps the data in memory only.
window.labKeep = (() => {
  let opened = null;
  const database = () => opened || (opened = new Promise((resolve, reject) => {
    const request = indexedDB.open("browser-ml-lab", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("kept");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => { opened = null; reject(request.error); };
  }));
  const run = async (mode, action) => {
    const transaction = (await database()).transaction("kept", mode);
    const request = action(transaction.objectStore("kept"));
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = transaction.onabort = () => reject(transaction.error || request.error);
    });
  };
  return {
    get: (key) => run("readonly", (store) => store.get(key)),
    put: (key, value) => run("readwrite", (store) => store.put(value, key)),
    remove: (key) => run("readwrite", (store) => store.delete(key)),
  };
})();
