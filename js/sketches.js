// The user's sketches, kept in this browser: IndexedDB, one record per sketch (py/lab/sketch/keep.py).
// A save says which revision it was made from. If another tab saved the sketch meanwhile, its
// version is kept as a copy, in the same transaction, before this one is written: two tabs
// editing one sketch lose nothing. Every call gives a promise; a failure rejects.
"use strict";
// Each change is told to the lab's other tabs (BroadcastChannel), whose lists then read it again.
window.labSketches = (() => {
  let opened = null;
  const channel = "BroadcastChannel" in window ? new BroadcastChannel("browser-ml-lab-sketches") : null;
  const told = (answer) => { if (channel) channel.postMessage("changed"); return answer; };
  const database = () => opened || (opened = new Promise((resolve, reject) => {
    const request = indexedDB.open("browser-ml-lab-sketches", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("sketches", { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => { opened = null; reject(request.error); };
  }));
  const run = async (mode, action) => {
    const transaction = (await database()).transaction("sketches", mode);
    const store = transaction.objectStore("sketches");
    let answer;
    action(store, (value) => { answer = value; });
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve(answer);
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
  };
  return {
    all: () => run("readonly", (store, done) => {
      const request = store.getAll();
      request.onsuccess = () => done(JSON.stringify(request.result));
    }),
    // record: JSON of a sketch; copy: JSON of fields for the copy of another tab's version
    save: (recordJson, copyJson) => run("readwrite", (store, done) => {
      const record = JSON.parse(recordJson);
      const request = store.get(record.id);
      request.onsuccess = () => {
        const kept = request.result;
        let copied = null;
        if (kept && kept.rev !== record.rev && kept.code !== record.code) {
          copied = Object.assign({}, kept, JSON.parse(copyJson));
          store.put(copied);
        }
        record.rev = Math.max(record.rev, kept ? kept.rev : 0) + 1;
        store.put(record);
        done(JSON.stringify({ rev: record.rev, copied }));
      };
    }).then(told),
    remove: (id) => run("readwrite", (store) => { store.delete(id); }).then(told),
    // callback() when another tab of the lab saved or removed a sketch
    onChange: (callback) => { if (channel) channel.onmessage = () => callback(); },
  };
})();
