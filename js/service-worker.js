// The lab's service worker (sw.js at the root imports this; js/boot.js registers it). It keeps
// the app's files in the cache on the first visit, so that later visits start from the cache,
// with the server stopped or the network off.
//
// The rule, file by file:
// - vendor/ and assets/ (made by setup, versioned by content): served from the cache when the
//   cache holds the sha256 that vendor/manifest.json gives; otherwise fetched (setup's .gz copy
//   when there is one, inflated here: `python3 -m http.server` sends no Content-Encoding),
//   checked against the manifest's size and sha256, then kept. A changed file is fetched again,
//   an unchanged one is not.
// - The app's own files (index.html, pyscript.toml, css/, js/, py/), which you edit: always asked
//   of the server first, revalidated (an unchanged file costs a 304); the cached copy is used only
//   when the server cannot be reached. An edit shows on the next reload, as without a worker.
//   A page's preload (js/boot.js, header X-Lab-Preload) asks for Python's own files early: the
//   page's own request for one of them, in the same page load, takes that answer once.
// - The manifest is read from the server when a page loads and serves that page's whole visit,
//   so a page never mixes two versions of vendor/; with no server, the last one read.
// - Anything else (a folder of your own, an address with a query) goes to the network untouched.

const ROOT = new URL("./", self.location).href;
const ROOT_PATH = new URL(ROOT).pathname;
const CACHE = "lab-files";
const OWN = /^(index\.html|pyscript\.toml|css\/|js\/|py\/)/;
const TYPES = { js: "text/javascript", mjs: "text/javascript", wasm: "application/wasm",
                json: "application/json", css: "text/css", html: "text/html", zip: "application/zip",
                jpg: "image/jpeg", png: "image/png", py: "text/plain", toml: "text/plain" };

const visits = new Map(); // client id -> promise of {manifest, previous, online}
let latestVisit = null; // for a client whose page load this worker did not see
const inflight = new Map(); // cache key -> promise of a checked download
const preloaded = new Map(); // client id -> Map(path -> promise of the server's answer), used once

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function keptJSON(name) {
  const response = await (await caches.open(CACHE)).match(ROOT + "__lab/" + name);
  return response ? response.json() : null;
}

async function keepJSON(name, value) {
  const body = JSON.stringify(value);
  await (await caches.open(CACHE)).put(ROOT + "__lab/" + name,
    new Response(body, { headers: { "Content-Type": "application/json" } }));
}

// The manifest of a new visit: the server's if it answers, else the one kept.
async function openVisit() {
  const kept = await keptJSON("manifest.json");
  try {
    const response = await fetch(ROOT + "vendor/manifest.json", { cache: "no-cache" });
    if (!response.ok) throw new Error(`answered ${response.status}`);
    const manifest = await response.json();
    const changed = kept && kept.version !== manifest.version;
    if (!kept || changed) await keepJSON("manifest.json", manifest);
    return { manifest, previous: changed ? kept : null, online: true };
  } catch (error) {
    return { manifest: kept, previous: null, online: false };
  }
}

function visitOf(clientId) {
  if (clientId && visits.has(clientId)) return visits.get(clientId);
  if (!latestVisit) latestVisit = openVisit();
  return latestVisit;
}

function keyOf(path, entry) {
  return `${ROOT}${path}?sha256=${entry.sha256}`;
}

function typeOf(path) {
  return TYPES[path.split(".").pop()] || "application/octet-stream";
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
  if (request.method === "HEAD" && !url.search) {
    event.respondWith(head(event, request, path)); // the lab asks whether a model's files are there
  } else if (request.method !== "GET") {
    return;
  } else if (request.mode === "navigate") {
    if (path !== "" && path !== "index.html") return;
    const visit = openVisit();
    visits.set(event.resultingClientId, visit);
    latestVisit = visit;
    event.waitUntil(forgetClosedClients());
    event.respondWith(ownFile(event, request.url, "index.html"));
  } else if (url.search) {
    return;
  } else if (path === "vendor/manifest.json") {
    event.respondWith(visitOf(event.clientId).then((visit) => visit.manifest
      ? new Response(JSON.stringify(visit.manifest), { headers: { "Content-Type": "application/json" } })
      : fetch(request)));
  } else if (OWN.test(path)) {
    event.respondWith(request.headers.has("X-Lab-Preload") ? preloadOwn(event, request.url, path)
                                                             : ownFile(event, request.url, path));
  } else {
    event.respondWith(versioned(event, request, path));
  }
});

async function forgetClosedClients() {
  const open = new Set((await self.clients.matchAll({ includeUncontrolled: true })).map((c) => c.id));
  for (const id of visits.keys()) if (!open.has(id) && visits.size > 1) visits.delete(id);
  for (const id of preloaded.keys()) if (!open.has(id)) preloaded.delete(id);
}

// An own file the page preloaded: the answer kept for the page's own request (the same load).
function preloadOwn(event, url, path) {
  const answer = ownFile(event, url, path, false);
  if (!preloaded.has(event.clientId)) preloaded.set(event.clientId, new Map());
  preloaded.get(event.clientId).set(path, answer.then((response) => response.clone()));
  return answer;
}

// The server's copy when it answers (and kept), else the kept one; the one preloaded for this
// page load first, if there is one.
async function ownFile(event, url, path, takePreloaded = true) {
  const early = takePreloaded && preloaded.get(event.clientId);
  if (early && early.has(path)) {
    const answer = early.get(path);
    early.delete(path);
    try {
      return await answer;
    } catch (error) {
      // asked again below: the kept copy, if the server cannot be reached
    }
  }
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
  } catch (error) {
    const kept = await cache.match(ROOT + path);
    if (kept) return kept;
    throw error;
  }
  if (response.ok) event.waitUntil(cache.put(ROOT + path, response.clone()));
  return response;
}

// The server's answer when it gives one, else whether a copy is kept.
async function head(event, request, path) {
  try {
    return await fetch(request);
  } catch (error) {
    const visit = await visitOf(event.clientId);
    const entry = visit.manifest && visit.manifest.files[path];
    const cache = await caches.open(CACHE);
    const kept = await cache.match(entry ? keyOf(path, entry) : ROOT + path);
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
  const got = await download(cache, path, entry, report);
  if (got.note) event.waitUntil(tell(event.clientId, { type: "note", path, text: got.note }));
  if (!got.body) {
    event.waitUntil(tell(event.clientId, { type: "failed", path, status: got.status }));
    return got.response || Response.error();
  }
  return new Response(got.body, { headers: { "Content-Type": typeOf(path) } });
}

// One download per file at a time (the page and the offline copy may ask together).
function download(cache, path, entry, report = () => {}) {
  const key = keyOf(path, entry);
  if (!inflight.has(key)) {
    const job = fetchChecked(path, entry, report).then(async (got) => {
      if (got.body && got.keep) {
        await cache.put(key, new Response(got.body, { headers: { "Content-Type": typeOf(path) } }));
      }
      return got;
    }).finally(() => inflight.delete(key));
    inflight.set(key, job);
  }
  return inflight.get(key);
}

// The file's bytes, checked against the manifest: {body, keep, note} or {response, status, note}.
async function fetchChecked(path, entry, report) {
  let note = null;
  if (entry.gz) {
    try {
      const body = await readAll(ROOT + path + ".gz", entry, report, true);
      const problem = await mismatch(body, entry);
      if (!problem) return { body, keep: true, note };
      note = `${path}.gz, once inflated, ${problem}: fetched ${path} uncompressed instead.`;
    } catch (error) {
      note = `${path}.gz could not be used (${error.message}): fetched ${path} uncompressed instead.`;
    }
  }
  let response;
  try {
    response = await fetch(ROOT + path, { cache: "no-cache" });
  } catch (error) {
    return { status: "no answer from the server", note };
  }
  if (!response.ok) return { response, status: response.status, note };
  const body = await readAll(response, entry, report, false);
  const problem = await mismatch(body, entry);
  if (!problem) return { body, keep: true, note };
  // a file that does not match the manifest is used as served, never kept
  return { body, keep: false, note: `${note ? note + " " : ""}${path} ${problem}: used as the ` +
    "server sent it and not kept for offline use. Run ./lab serve (its setup rewrites the " +
    "manifest), then reload." };
}

async function readAll(source, entry, report, inflate) {
  const response = typeof source === "string" ? await fetch(source, { cache: "no-cache" }) : source;
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  let stream = response.body;
  if (inflate) stream = stream.pipeThrough(new DecompressionStream("gzip"));
  const reader = stream.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    report(loaded);
  }
  const body = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body.buffer;
}

async function mismatch(body, entry) {
  if (body.byteLength !== entry.size) {
    return `has ${body.byteLength} bytes where vendor/manifest.json says ${entry.size}`;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  return hex === entry.sha256 ? null : "does not match the sha256 in vendor/manifest.json";
}

// The page asks, once it is ready: keep every file of this version for offline use.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const client = event.source;
  if (data.type === "status") event.waitUntil(status(client));
  if (data.type === "keep") {  // sent once the page is ready: what it preloaded and did not use goes
    preloaded.delete(client.id);
    event.waitUntil(keepAll(client, data.loaded || []));
  }
});

async function status(client) {
  const visit = await visitOf(client.id);
  const offline = await keptJSON("offline.json");
  client.postMessage({ source: "lab-sw", type: "status", online: visit.online,
                       version: visit.manifest && visit.manifest.version,
                       offlineReady: Boolean(visit.manifest && offline &&
                                             offline.version === visit.manifest.version) });
}

// `loaded`: what the page loaded before the worker controlled it, listed or not (a file added
// since setup made the manifest)
async function keepAll(client, loaded) {
  const visit = await visitOf(client.id);
  const manifest = visit.manifest;
  if (!manifest || !visit.online) return status(client);
  const cache = await caches.open(CACHE);
  const notes = [];
  let fetched = 0;
  const files = { ...manifest.files };
  for (const path of loaded) if (OWN.test(path) && !files[path]) files[path] = {};
  for (const [path, entry] of Object.entries(files)) {
    if (OWN.test(path)) {
      if (await cache.match(ROOT + path)) continue;
      try {
        const response = await fetch(ROOT + path, { cache: "no-cache" });
        if (response.ok) await cache.put(ROOT + path, response);
        else notes.push(`${path}: the server answered ${response.status}`);
      } catch (error) {
        notes.push(`${path}: no answer from the server`);
      }
      continue;
    }
    if (await cache.match(keyOf(path, entry))) continue;
    const got = await download(cache, path, entry);
    if (got.note) notes.push(got.note);
    if (!got.body) notes.push(`${path}: the server answered ${got.status}`);
    else fetched += entry.gz || entry.size;
  }
  // files of other versions go once no other page may still ask for them
  const pages = await self.clients.matchAll({ includeUncontrolled: true });
  if (pages.length <= 1) {
    const current = new Set(Object.entries(manifest.files).map(([p, e]) => keyOf(p, e)));
    for (const request of await cache.keys()) {
      if (request.url.includes("?sha256=") && !current.has(request.url)) await cache.delete(request);
    }
  }
  const complete = notes.length === 0;
  if (complete) await keepJSON("offline.json", { version: manifest.version });
  const previous = visit.previous;
  const changed = previous ? Object.entries(manifest.files).filter(
    ([p, e]) => !previous.files[p] || previous.files[p].sha256 !== e.sha256).length : 0;
  client.postMessage({ source: "lab-sw", type: "kept", complete, notes, fetched, changed,
                       version: manifest.version, newVersion: Boolean(previous) });
}
