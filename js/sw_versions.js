// The offline copy's versions (sw.js imports this after js/sw_download.js). A version is kept
// whole or not at all: every file the manifest lists (app files included, as the server gave
// them) is in the cache first, then one record, __lab/version.json, says which copies make it:
// {version, manifest, own: {app file: sha256}}. Without the server, the page runs the version
// that record names, never a mix of two; files of other versions go once it is written.
//
//   const kept = await keptVersion();       // that record, or null (nothing complete kept)
//   await keepAll(client, visit, loaded);    // keep this visit's version, then tell the page
//   await status(client, visit);             // online or not, and whether this version is kept

const OWN = /^(index\.html|pyscript\.toml|css\/|js\/|py\/)/;
const RECORD = ROOT + "__lab/version.json";

async function keptVersion() {
  try {
    const response = await (await caches.open(CACHE)).match(RECORD);
    const kept = response ? await response.json() : null;
    const usable = kept && typeof kept.own === "object" && kept.own !== null &&
      labManifest.check(kept.manifest) === null && kept.version === kept.manifest.version;
    return usable ? kept : null;
  } catch (error) {
    return null; // unreadable: as if nothing were kept
  }
}

// the cache key of `path` in the version `kept` names, or null
function keptKey(kept, path) {
  if (!kept) return null;
  if (OWN.test(path)) return kept.own[path] ? keyOf(path, { sha256: kept.own[path] }) : null;
  const entry = kept.manifest.files[path];
  return entry ? keyOf(path, entry) : null;
}

async function status(client, visit) {
  const kept = await keptVersion();
  const version = visit.manifest && visit.manifest.version;
  client.postMessage({ source: "lab-sw", type: "status", online: visit.online,
                       problem: visit.problem || null, version,
                       offlineReady: Boolean(kept && version && kept.version === version) });
}

// `loaded`: what the page loaded before the worker controlled it, listed or not (a file added
// since setup made the manifest)
async function keepAll(client, visit, loaded) {
  const manifest = visit.manifest;
  if (visit.isReady) visit.isReady(); // the app files' copies, kept once the page is ready
  if (!manifest || !visit.online) return status(client, visit);
  await Promise.all(visit.pending);
  const cache = await caches.open(CACHE);
  const notes = [];
  const own = {};
  let fetched = 0;
  const files = { ...manifest.files };
  for (const path of loaded) if (OWN.test(path) && !files[path]) files[path] = null;
  for (const [path, entry] of Object.entries(files)) {
    if (OWN.test(path)) {
      const note = await keepOwnFile(cache, visit, path, own);
      if (note) notes.push(note);
      continue;
    }
    if (await cache.match(keyOf(path, entry))) continue;
    const got = await download(cache, path, entry, () => {}, visit.gzips);
    if (got.note) notes.push(got.note);
    if (!got.body) notes.push(`${path}: the server answered ${got.status}`);
    else fetched += entry.gz || entry.size;
  }
  const complete = notes.length === 0;
  const previous = visit.previous;
  if (complete) {
    await cache.put(RECORD, new Response(JSON.stringify({ version: manifest.version, manifest, own }),
                                         { headers: { "Content-Type": "application/json" } }));
    await dropOthers(cache, manifest, own);
  }
  const changed = previous ? Object.entries(manifest.files).filter(
    ([p, e]) => !previous.files[p] || previous.files[p].sha256 !== e.sha256).length : 0;
  client.postMessage({ source: "lab-sw", type: "kept", complete, notes, fetched, changed,
                       version: manifest.version, newVersion: Boolean(previous) });
}

// The app file as this visit had it from the server (or as the server gives it now); its
// sha256 goes in `own`. A note when it cannot be had.
async function keepOwnFile(cache, visit, path, own) {
  if (visit.own.has(path)) {
    own[path] = visit.own.get(path);
    return null;
  }
  try {
    const response = await fetch(ROOT + path, { cache: "no-cache" });
    if (!response.ok) return `${path}: the server answered ${response.status}`;
    own[path] = await keepOwn(cache, path, response);
    visit.own.set(path, own[path]);
    return null;
  } catch (error) {
    return `${path}: no answer from the server`;
  }
}

// Files of other versions (and of the cache's older layouts) go, once no other page may still
// ask for them.
async function dropOthers(cache, manifest, own) {
  const pages = await self.clients.matchAll({ includeUncontrolled: true });
  if (pages.length > 1) return;
  const current = new Set([RECORD]);
  for (const [path, entry] of Object.entries(manifest.files)) {
    if (!OWN.test(path)) current.add(keyOf(path, entry));
  }
  for (const [path, sha256] of Object.entries(own)) current.add(keyOf(path, { sha256 }));
  for (const request of await cache.keys()) {
    if (!current.has(request.url)) await cache.delete(request);
  }
}
