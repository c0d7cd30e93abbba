// The lab's service worker (sw.js at the root imports this after js/manifest_check.js,
// js/sw_download.js and js/sw_versions.js; js/boot.js registers it). It keeps the app's files in
// the cache on the first visit, so that later visits start from the cache, with the server
// stopped or the network off.
//
// The rule, file by file:
// - vendor/ and assets/ (made by setup, versioned by content): served from the cache when the
//   cache holds the sha256 that vendor/manifest.json gives; otherwise fetched, checked against
//   the manifest's size and sha256, then kept (js/sw_download.js). A changed file is fetched
//   again, an unchanged one is not.
// - The app's own files (index.html, pyscript.toml, css/, js/, py/), which you edit: always asked
//   of the server first, revalidated (an unchanged file costs a 304). An edit shows on the next
//   reload, as without a worker. Under `./lab serve` a later visit asks for the list of their
//   hashes instead, in one request, and serves a file listed as unchanged from its kept copy
//   (js/sw_listing.js). On a later visit the page gets the lab's .py files in one
//   archive (js/sw_bundle.js: the worker still asks the server for each); on a first visit its
//   preload (js/boot_preload.js, header X-Lab-Preload) asks for them early. Either way a .py
//   file's answer serves the page's requests for it until the page is ready (the same load).
//   A later visit hashes and writes the copies it keeps once the page is ready.
// - The manifest is read from the server when a page loads and serves that page's whole visit,
//   so a page never mixes two versions of vendor/. One that is missing or unusable
//   (js/manifest_check.js) leaves the page to the server, without the offline copy.
// - Without the server, every file comes from the last version kept whole (js/sw_versions.js).
// - Anything else (a folder of your own, an address with a query) goes to the network untouched.

const visits = new Map(); // client id -> promise of a visit (openVisit); a worker's is its page's
let latestVisit = null; // for a client whose page load this worker did not see, at first sight
const preloaded = new Map(); // client id -> Map(path -> promise of the server's answer), until ready
const bundles = new Map(); // client id of a page load this worker saw open -> its archive

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// A new visit: the server's manifest if it answers (`problem` says why it is unusable), else
// the version kept whole. `own`: the app files this visit had from the server, path -> sha256.
// A visit's own files may come from the kept copies when the server lists them unchanged
// (js/sw_listing.js): `listings` gives, from the visit's promise, {kept, files} at once (a
// first visit's files then wait for nothing, not even the manifest).
const listings = new WeakMap(); // promise of a visit -> promise of {kept, files} or null
function openVisit() {
  const kept = keptVersion();
  const visit = openVisitWith(kept);
  listings.set(visit, kept.then((k) => (k ? { kept: k, files: labListing.fetch() } : null)));
  return visit;
}

async function openVisitWith(keptFound) {
  const kept = await keptFound;
  let ready;
  const visit = { manifest: null, online: true, problem: null, previous: null, kept,
                  own: new Map(), pending: new Set(), ready: new Promise((r) => { ready = r; }) };
  visit.isReady = ready;
  let response;
  try {
    response = await fetch(ROOT + "vendor/manifest.json", { cache: "no-cache" });
  } catch (error) {
    return { ...visit, manifest: kept && kept.manifest, online: false };
  }
  const { manifest, problem } = await labManifest.read(response);
  const previous = kept && manifest && kept.version !== manifest.version ? kept.manifest : null;
  // ./lab serve sends vendor/ gzip-encoded (tools/serve.py): no .gz to ask for and inflate here
  const gzips = /(^|,)\s*lab-gzip\b/.test(response.headers.get("Server-Timing") || "");
  return { ...visit, manifest, problem, previous, gzips };
}

function visitOf(clientId) {
  if (clientId && visits.has(clientId)) return visits.get(clientId);
  if (!latestVisit) latestVisit = openVisit();
  // kept for that client: a tab opened later on a newer version must not change its files
  if (clientId) visits.set(clientId, latestVisit);
  return latestVisit;
}

async function tell(clientId, message) {
  const client = clientId && (await self.clients.get(clientId));
  if (client) client.postMessage({ source: "lab-sw", ...message });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!request.url.startsWith(ROOT)) return;
  const url = new URL(request.url);
  const path = decodeURIComponent(url.pathname.slice(ROOT_PATH.length));
  if (["worker", "sharedworker"].includes(request.destination) && event.resultingClientId) {
    // a model worker gets the files of the version of the page that started it
    visits.set(event.resultingClientId, visitOf(event.clientId));
  }
  if (request.method === "HEAD" && !url.search) {
    event.respondWith(head(event, request, path)); // the lab asks whether a model's files are there
  } else if (request.method !== "GET") {
    return;
  } else if (request.mode === "navigate") {
    if (path !== "" && path !== "index.html") return;
    const visit = openVisit();
    visits.set(event.resultingClientId, visit);
    latestVisit = visit;
    preloaded.set(event.resultingClientId, new Map());
    bundles.set(event.resultingClientId, null);
    event.waitUntil(forgetClosedClients(event.resultingClientId));
    event.respondWith(ownFile(event, visit, request.url, "index.html"));
  } else if (url.search) {
    return;
  } else if (path === labBundle.PATH) {
    const made = bundles.get(event.clientId);
    event.respondWith(made ? made.then((answer) => answer.clone()) : archive(event, null));
  } else if (path === "pyscript.toml" && bundles.has(event.clientId)) {
    event.respondWith(ownFile(event, visitOf(event.clientId), request.url, path)
      .then(labBundle.toml).then(({ response, plan }) => {
        // the archive made now, while Python starts: PyScript asks for it once Python is restored
        const made = bundles.get(event.clientId) || (plan && archive(event, plan));
        if (made) event.waitUntil(made.catch(() => {}));
        bundles.set(event.clientId, made);
        return response;
      }));
  } else if (path === "vendor/manifest.json") {
    event.respondWith(visitOf(event.clientId).then((visit) => visit.manifest
      ? new Response(JSON.stringify(visit.manifest), { headers: { "Content-Type": "application/json" } })
      : fetch(request)));
  } else if (OWN.test(path)) {
    const visit = visitOf(event.clientId);
    const preload = request.headers.has("X-Lab-Preload");
    event.respondWith(path.endsWith(".py") || preload
      ? bootAnswer(event, visit, request.url, path, preload) : ownFile(event, visit, request.url, path));
  } else {
    event.respondWith(versioned(event, request, path));
  }
});

function archive(event, plan) {  // of `plan`'s .py files, for the page that sent `event`
  return labBundle.answer(plan || { paths: [], names: [] },
    (p) => bootAnswer(event, visitOf(event.clientId), ROOT + p, p, false),
    (text) => event.waitUntil(tell(event.clientId, { type: "note", text })));
}

// `opening`: the page being opened, not a client yet
async function forgetClosedClients(opening) {
  const open = new Set((await self.clients.matchAll({ includeUncontrolled: true, type: "all" }))
    .map((c) => c.id)); // workers too: each keeps its page's visit
  open.add(opening);
  for (const id of visits.keys()) if (!open.has(id) && visits.size > 1) visits.delete(id);
  for (const id of preloaded.keys()) if (!open.has(id)) preloaded.delete(id);
  for (const id of bundles.keys()) if (!open.has(id)) bundles.delete(id);
}

// A .py file (or a preloaded one) asked for again in the same page load before it is ready
// (the archive, preloaded, a demo's code shown early) takes the server's answer to the first ask.
// `preload`: the page's preload asks (a first visit: the worker did not see the page open).
async function bootAnswer(event, visit, url, path, preload) {
  if (preload && !preloaded.has(event.clientId)) preloaded.set(event.clientId, new Map());
  const early = preloaded.get(event.clientId);
  if (!early) return ownFile(event, visit, url, path);
  if (!early.has(path)) early.set(path, ownFile(event, visit, url, path));
  try {
    return (await early.get(path)).clone();
  } catch (error) {
    early.delete(path); // no answer: asked again (ownFile gives the kept copy without the server)
    return ownFile(event, visit, url, path);
  }
}

// The server's copy when it answers (noted for this visit's version), else the copy of the
// version kept whole. `visitOpened`: a promise, awaited only once the server has answered (a
// page's first request waits for nothing).
async function ownFile(event, visitOpened, url, path) {
  const cache = await caches.open(CACHE);
  const listing = path !== "index.html" && (await listings.get(visitOpened));
  if (listing) {  // a later visit: a file the server lists as unchanged is the kept copy
    const copy = await labListing.unchanged(cache, listing.files, listing.kept, path);
    if (copy) {
      (await visitOpened).own.set(path, listing.kept.own[path]);
      return copy;
    }
  }
  let response;
  try {
    response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
  } catch (error) {
    const key = keptKey(await keptVersion(), path);
    const kept = key && (await cache.match(key));
    if (kept) return kept;
    throw error;
  }
  const visit = await visitOpened;
  if (response.ok && visit.manifest) {
    // a later visit keeps its copies once the page is ready (keepAll waits for them): hashing
    // now would hold the archive's answers; a first visit keeps them as they come, as before
    const copy = response.clone();
    const when = visit.kept ? visit.ready : Promise.resolve();
    const job = when.then(() => keepOwn(cache, path, copy, visit.kept && visit.kept.own[path]))
      .then((sha256) => visit.own.set(path, sha256), () => {})
      .finally(() => visit.pending.delete(job));
    visit.pending.add(job);
    if (!visit.kept) event.waitUntil(job);
  }
  return response;
}

// The server's answer when it gives one, else whether the version kept whole has the file.
async function head(event, request, path) {
  try {
    return await fetch(request);
  } catch (error) {
    const visit = await visitOf(event.clientId);
    const key = keptKey(await keptVersion(), path);
    const kept = key && (await (await caches.open(CACHE)).match(key));
    if (!kept) throw error;
    return new Response(null, { headers: { "Content-Type": typeOf(path) } });
  }
}

async function versioned(event, request, path) {
  const visit = await visitOf(event.clientId || event.resultingClientId);
  const entry = visit.manifest && visit.manifest.files[path];
  if (!entry) return fetch(request);
  const cache = await caches.open(CACHE);
  const hit = await cache.match(keyOf(path, entry));
  if (hit) {
    event.waitUntil(tell(event.clientId, { type: "progress", path, loaded: entry.size,
                                           total: entry.size, cached: true }));
    return hit;
  }
  let lastReport = 0;
  const report = (loaded) => {
    const now = Date.now();
    if (now - lastReport < 200 && loaded < entry.size) return;
    lastReport = now;
    tell(event.clientId, { type: "progress", path, loaded, total: entry.size });
  };
  const got = await download(cache, path, entry, report, visit.gzips);
  if (got.note) event.waitUntil(tell(event.clientId, { type: "note", path, text: got.note }));
  if (!got.body) {
    event.waitUntil(tell(event.clientId, { type: "failed", path, status: got.status }));
    return got.response || Response.error();
  }
  return new Response(got.body, { headers: { "Content-Type": typeOf(path) } });
}

// The page asks, once it is ready: keep every file of this version for offline use.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const client = event.source;
  if (data.type !== "status" && data.type !== "keep") return;
  const loaded = Array.isArray(data.loaded) ? data.loaded.filter((p) => typeof p === "string") : [];
  if (data.type === "keep") { // later asks go to the server again
    preloaded.delete(client.id);
    bundles.delete(client.id);
  }
  event.waitUntil(visitOf(client.id).then((visit) => data.type === "status"
    ? status(client, visit) : keepAll(client, visit, loaded)));
});
