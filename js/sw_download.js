// The service worker's downloads (sw.js imports this before js/service-worker.js): a file of
// vendor/ or assets/ fetched (setup's .gz copy when the manifest lists one, inflated here:
// `python3 -m http.server` sends no Content-Encoding; a server that sends the .gz gzip-encoded
// itself, `gzips`, is asked for the file: the browser inflates it, and a copy the page already
// had comes from the HTTP cache), checked against the manifest's size and sha256, and kept in the
// cache under its sha256; an app file's copy kept under its own sha256.
//
//   const got = await download(cache, path, entry, report, gzips);  // {body, keep, note} or {status, note}
//   keyOf(path, entry)      // the cache key of that version of the file
//   await keepOwn(cache, path, response, kept)   // an app file as the server gave it: its sha256

const ROOT = new URL("./", self.location).href;
const ROOT_PATH = new URL(ROOT).pathname;
const CACHE = "lab-files";
const TYPES = { js: "text/javascript", mjs: "text/javascript", wasm: "application/wasm",
                json: "application/json", css: "text/css", html: "text/html", zip: "application/zip",
                jpg: "image/jpeg", png: "image/png", py: "text/plain", toml: "text/plain" };
const inflight = new Map(); // cache key -> promise of a checked download

function keyOf(path, entry) {
  return `${ROOT}${path}?sha256=${entry.sha256}`;
}

function typeOf(path) {
  return TYPES[path.split(".").pop()] || "application/octet-stream";
}

async function sha256Of(body) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// What an app file keeps of the server's headers: its type, and the cross-origin isolation
// headers ./lab serve sends (tools/serve.py), so that the page and its workers are as isolated
// (threaded wasm, the watchdog) without the server as with it.
const KEPT_HEADERS = ["Content-Type", "Cross-Origin-Opener-Policy", "Cross-Origin-Embedder-Policy",
                      "Cross-Origin-Resource-Policy"];

// An app file (index.html, js/, py/, ...) as the server gave it, kept under its content's sha256
// (not written again when it is the copy `kept`, the sha256 of the version kept whole, names,
// with the same headers).
async function keepOwn(cache, path, response, kept = null) {
  const body = await response.arrayBuffer();
  const sha256 = await sha256Of(body);
  const headers = { "Content-Type": response.headers.get("Content-Type") || typeOf(path) };
  for (const name of KEPT_HEADERS) {
    if (!headers[name] && response.headers.has(name)) headers[name] = response.headers.get(name);
  }
  const old = sha256 === kept && (await cache.match(keyOf(path, { sha256 })));
  if (old && KEPT_HEADERS.every((name) => old.headers.get(name) === (headers[name] ?? null))) {
    return sha256;
  }
  await cache.put(keyOf(path, { sha256 }), new Response(body, { headers }));
  return sha256;
}

// One download per file at a time (the page and the offline copy may ask together).
function download(cache, path, entry, report = () => {}, gzips = false) {
  const key = keyOf(path, entry);
  if (!inflight.has(key)) {
    const job = fetchChecked(path, entry, report, gzips).then(async (got) => {
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
async function fetchChecked(path, entry, report, gzips) {
  let note = null;
  if (entry.gz && !gzips) {
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
    loaded += value.byteLength;
    // a .gz that inflates past the manifest's size is wrong whatever follows (and may not end)
    if (inflate && loaded > entry.size) {
      reader.cancel().catch(() => {});
      throw new Error(`it has more bytes than the ${entry.size} vendor/manifest.json says`);
    }
    chunks.push(value);
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
  return (await sha256Of(body)) === entry.sha256 ? null
    : "does not match the sha256 in vendor/manifest.json";
}
