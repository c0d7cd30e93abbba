// What the teach demo keeps between visits: IndexedDB, since its samples are megabytes and
// localStorage holds a few. Each call gives a promise; a failure (storage refused or full)
// rejects, and the demo says what is kept and what is not.
// Every kept value has a stamp (under key + "#stamp"), changed at each save: a tab saves only
// over the copy it has read (putIf), so two tabs never overwrite each other's samples unseen;
// a save is announced to the other tabs on a BroadcastChannel (watch).
window.labKeep = (() => {
  let opened = null, db = null;
  const database = () => opened || (opened = new Promise((resolve, reject) => {
    const request = indexedDB.open("browser-ml-lab", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("kept");
    request.onsuccess = () => resolve(db = request.result);
    request.onerror = () => { opened = null; reject(request.error); };
  }));
  // action(store) returns a function that gives the transaction's answer once it is complete
  const run = async (mode, action) => {
    const transaction = (await database()).transaction("kept", mode);
    const answer = action(transaction.objectStore("kept"));
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve(answer());
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
  };
  const STAMP = "#stamp", UNSAVED = "#unsaved-";
  const channel = "BroadcastChannel" in window ? new BroadcastChannel("browser-ml-lab/keep") : null;
  const same = (a, b) => (a ?? null) === (b ?? null);
  // pagehide's copies in localStorage (LOCAL + key#unsaved-<tab>, its base under + BASE): what
  // get() gives back as unsaved with the key MARK + its localStorage key
  const LOCAL = "browser-ml-lab/", BASE = "#base", MARK = "local:";
  const LOCAL_MAX = 1 << 20;  // characters: the rest of localStorage's few MB is the editors
  const leftHere = (key) => {
    const found = [];
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const name = localStorage.key(i);
        if (!name.startsWith(LOCAL + key + UNSAVED) || name.endsWith(BASE)) continue;
        found.push({key: MARK + name, text: localStorage.getItem(name),
                    base: localStorage.getItem(name + BASE)});
      }
    } catch (_) { /* site data blocked: nothing was left here */ }
    return found;
  };
  const forget = (name) => {
    try {
      localStorage.removeItem(name);
      localStorage.removeItem(name + BASE);
    } catch (_) { /* blocked: nothing to forget */ }
  };
  return {
    // [value, stamp, unsaved]: value and stamp undefined when nothing is kept; unsaved: what
    // tabs going away left (putNow), as [{key, text, base}]
    get: (key) => run("readonly", (store) => {
      const value = store.get(key), stamp = store.get(key + STAMP);
      const range = IDBKeyRange.bound(key + UNSAVED, key + UNSAVED + "\uffff");
      const keys = store.getAllKeys(range), left = store.getAll(range);
      return () => [value.result, stamp.result,
                    keys.result.map((k, i) => ({key: k, text: left.result[i].text,
                                                base: left.result[i].base ?? null}))
                      .concat(leftHere(key))];
    }),
    // for pagehide: written at once, beside the kept copy (under key#unsaved-<tab>), since a
    // save that waits for a read would not outlive the page; the next get() gives it back
    // localStorage first: written before this returns, where IndexedDB writes a large value
    // in the background, which the page going away can cut short; IndexedDB if it does not fit
    putNow: (key, tab, text, base) => {
      const name = LOCAL + key + UNSAVED + tab;
      try {
        if (text.length > LOCAL_MAX) throw new RangeError("kept in IndexedDB");
        localStorage.setItem(name, text);
        if (base === null || base === undefined) localStorage.removeItem(name + BASE);
        else localStorage.setItem(name + BASE, base);
        return true;
      } catch (_) {
        forget(name);  // full or blocked: no half-written copy left behind
      }
      if (!db) return false;
      const transaction = db.transaction("kept", "readwrite");
      transaction.objectStore("kept").put({text, base}, key + UNSAVED + tab);
      if (transaction.commit) transaction.commit();
      return true;
    },
    // saves `value` with the new `stamp` if the kept copy's stamp is still `expected` (and
    // deletes the keys `done`): {saved: true} or {saved: false, stamp: the kept copy's}
    putIf: (key, value, expected, stamp, done = []) => run("readwrite", (store) => {
      const answer = {saved: false, stamp: null};
      const check = store.get(key + STAMP);
      check.onsuccess = () => {
        answer.stamp = check.result ?? null;
        if (!same(check.result, expected)) return;
        store.put(value, key);
        store.put(stamp, key + STAMP);
        for (const old of done) if (!old.startsWith(MARK)) store.delete(old);
        answer.saved = true;
        answer.stamp = stamp;
      };
      return () => {
        if (answer.saved) {  // kept with the rest: pagehide's copies here can go
          for (const old of done) if (old.startsWith(MARK)) forget(old.slice(MARK.length));
        }
        if (answer.saved && channel) channel.postMessage({key, stamp});
        return answer;
      };
    }),
    // moves the kept value (if its stamp is still `expected`) to `aside`: true if moved
    setAside: (key, expected, aside) => run("readwrite", (store) => {
      let moved = false;
      const check = store.get(key + STAMP), value = store.get(key);
      value.onsuccess = () => {
        if (!same(check.result, expected)) return;
        store.put(value.result, aside);
        store.delete(key);
        store.delete(key + STAMP);
        moved = true;
      };
      return () => moved;
    }),
    remove: (key) => run("readwrite", (store) => {
      store.delete(key);
      store.delete(key + STAMP);
      return () => undefined;
    }),
    // calls listener(key, stamp) when another tab saves; gives the function that stops it
    watch: (listener) => {
      if (!channel) return () => {};
      const heard = (event) => listener(event.data.key, event.data.stamp);
      channel.addEventListener("message", heard);
      return () => channel.removeEventListener("message", heard);
    },
  };
})();
