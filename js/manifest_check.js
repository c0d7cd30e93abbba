// vendor/manifest.json read safely, for the service worker (sw.js imports this file) and the
// page (js/boot.js): read at most MAX_BYTES, then parsed, then checked field by field.
//
//   const {manifest, problem} = await labManifest.read(response);  // a fetch Response
//   labManifest.check(value)   // null when `value` is a usable manifest, else what is wrong
//
// `problem` is a sentence that names the file and the field; the manifest is null then, and the
// lab runs from the server without its offline copy (tools/make_manifest.py writes the file).
self.labManifest = (() => {
  const MAX_BYTES = 4_000_000; // setup's is ~30 KB
  const MAX_FILES = 20_000;
  const MAX_SIZE = 2 ** 32; // bytes of one file
  const NAME = "vendor/manifest.json";
  const SHA256 = /^[0-9a-f]{64}$/;
  const VERSION = /^[0-9A-Za-z._-]{1,64}$/;

  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  const isSize = (v) => Number.isSafeInteger(v) && v >= 0 && v <= MAX_SIZE;
  const shown = (text) => JSON.stringify(String(text).slice(0, 80));

  // a path under the site's root, as the worker compares it with a request's
  function badPath(path) {
    if (path.length === 0 || path.length > 500) return "is empty or too long";
    if (/^\/|\\|[?#]|[\u0000-\u001f]/.test(path)) return "is not a plain relative path";
    if (path.split("/").some((part) => part === "" || part === "." || part === "..")) {
      return "has an empty, . or .. part";
    }
    return null;
  }

  function check(value) {
    if (!isObject(value)) return "it is not a JSON object";
    if (typeof value.version !== "string" || !VERSION.test(value.version)) {
      return '"version" is missing or not a short string of letters and digits';
    }
    if (!isObject(value.files)) return '"files" is missing or not an object';
    const paths = Object.keys(value.files);
    if (paths.length > MAX_FILES) return `"files" lists more than ${MAX_FILES} files`;
    for (const path of paths) {
      const entry = value.files[path];
      const where = `files[${shown(path)}]`;
      const bad = badPath(path);
      if (bad) return `the path ${where} ${bad}`;
      if (!isObject(entry)) return `${where} is not an object`;
      if (!isSize(entry.size)) return `${where}.size is not a whole number of bytes`;
      if (typeof entry.sha256 !== "string" || !SHA256.test(entry.sha256)) {
        return `${where}.sha256 is not 64 hexadecimal digits`;
      }
      if (entry.gz !== undefined && !(isSize(entry.gz) && entry.gz > 0)) {
        return `${where}.gz is not a whole number of bytes`;
      }
    }
    return null;
  }

  // the body's text, read no further than MAX_BYTES (a huge file is refused, not read whole)
  async function boundedText(response) {
    const declared = Number(response.headers.get("Content-Length"));
    if (declared > MAX_BYTES) throw new Error(`it has ${declared} bytes, more than ${MAX_BYTES}`);
    const reader = response.body.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_BYTES) {
        reader.cancel().catch(() => {});
        throw new Error(`it has more than ${MAX_BYTES} bytes`);
      }
      chunks.push(value);
    }
    return new TextDecoder().decode(await new Blob(chunks).arrayBuffer());
  }

  const unusable = (why) => ({ manifest: null, problem: `${NAME} is not usable: ${why}.` });

  async function read(response) {
    if (!response.ok) {
      return { manifest: null, problem: `${NAME} is missing (the server answered ${response.status}).` };
    }
    let value;
    try {
      value = JSON.parse(await boundedText(response));
    } catch (error) {
      return unusable(error instanceof SyntaxError ? "it is not valid JSON" : error.message);
    }
    const problem = check(value);
    return problem ? unusable(problem) : { manifest: value, problem: null };
  }

  return { read, check, MAX_BYTES };
})();
