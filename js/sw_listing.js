// The app files' hashes in one answer (sw.js imports this before js/service-worker.js). On a
// later visit each app file (py/, js/, css/, pyscript.toml) is asked of the server again, so that
// an edit shows on the next reload: ~150 conditional requests before Python can start. `./lab
// serve` (tools/serve.py) lists every app file's sha256 at LIST in one answer instead; a file
// whose hash there is the kept copy's is served from that copy without a request of its own.
// Plain `python3 -m http.server` has no such list (404): each file is asked for, as before.
//
//   const listing = labListing.fetch();          // at a later visit's start: a promise of
//                                                // {path: sha256} or null (no usable list)
//   const copy = await labListing.unchanged(cache, listing, kept, path)   // the kept Response
//                                                // when the server's file is that copy, or null
self.labListing = (() => {
  const LIST = "__lab/own-files.json";
  const MAX_CHARS = 1 << 20;  // ~200 files of ~100 characters: far below
  const HASH = /^[0-9a-f]{64}$/;

  async function fetchListing() {
    try {
      const response = await fetch(ROOT + LIST, { cache: "no-store" });
      const length = Number(response.headers.get("Content-Length"));
      if (!response.ok || !(length > 0 && length <= MAX_CHARS)) return null;
      const listed = JSON.parse(await response.text());
      if (typeof listed !== "object" || listed === null || Array.isArray(listed)) return null;
      const files = new Map();
      for (const [path, sha256] of Object.entries(listed)) {
        if (typeof sha256 === "string" && HASH.test(sha256) && OWN.test(path)) files.set(path, sha256);
      }
      return files;
    } catch (error) {
      return null;  // no answer, or not the list: each file is asked for
    }
  }

  // the kept copy of `path` when the server lists the same hash for it; `kept`: the version
  // kept whole (js/sw_versions.js's record), `listing`: fetchListing's promise (or null)
  async function unchanged(cache, listing, kept, path) {
    const sha256 = kept && kept.own[path];
    if (!sha256 || !listing) return null;
    const files = await listing;
    if (!files || files.get(path) !== sha256) return null;
    return (await cache.match(keyOf(path, { sha256 }))) || null;
  }

  return { LIST, fetch: fetchListing, unchanged };
})();
