// The lab's .py files in one answer (sw.js imports this before js/service-worker.js). On a later
// visit each file the page asks for through the worker costs a fetch event, and ~140 of them,
// PyScript's [files], keep Python waiting; so the worker gives that page a pyscript.toml whose
// [files] names one tar archive instead (PyScript unpacks it where the files went), and answers
// the archive from the same server answers, file by file, that the page would have had.
//
//   const {response, plan} = await labBundle.toml(answer)  // the server's toml, rewritten or not
//   await labBundle.answer(plan, (path) => answerOf(path), note)  // the archive's Response
//   labBundle.plan(tomlText)   // {toml, paths, names} or null: leave the toml alone
//   labBundle.tar(files)       // files: [{name, bytes: Uint8Array}] -> a ustar archive
//   labBundle.PATH             // where the page asks for the archive
self.labBundle = (() => {
  const PATH = "__lab/py-lab.tar";
  const LINE = /^"([^"]+)"\s*=\s*"([^"]*)"\s*(#.*)?$/;
  const encoder = new TextEncoder();

  // pyscript.toml's [files] in the {FROM}/{TO} form the lab uses (tests/unit/test_layout.py): each
  // file under the same name on both sides. Anything else in it, and the toml is left as it is.
  function plan(toml) {
    const lines = toml.split("\n");
    const start = lines.findIndex((line) => line.trim() === "[files]");
    if (start < 0) return null;
    let end = lines.findIndex((line, i) => i > start && /^\s*\[/.test(line));
    if (end < 0) end = lines.length;
    const templates = {};
    const names = [];
    for (const line of lines.slice(start + 1, end).map((l) => l.trim())) {
      if (!line || line.startsWith("#")) continue;
      const [, key, value] = LINE.exec(line) || [];
      if (key === "{FROM}" || key === "{TO}") templates[key] = value;
      else if (key && key.startsWith("{FROM}/") && value === "{TO}/" + key.slice(7)) names.push(key.slice(7));
      else return null;
    }
    const from = /^\.\/([^{}]+)$/.exec(templates["{FROM}"] || "");
    const to = templates["{TO}"];
    if (!from || !to || /[{}"]/.test(to) || !names.length) return null;
    // a ustar name field holds 100 bytes; longer names stay per file
    if (names.some((name) => encoder.encode(name).length > 100)) return null;
    const files = [`"./${PATH}" = "${to}/*"  # the worker's archive of the files this section listed`];
    return { toml: [...lines.slice(0, start + 1), ...files, ...lines.slice(end)].join("\n"),
             paths: names.map((name) => `${from[1]}/${name}`), names };
  }

  function tar(files) {
    const size = (n) => 512 + Math.ceil(n / 512) * 512;
    const out = new Uint8Array(files.reduce((sum, f) => sum + size(f.bytes.length), 1024));
    const mtime = Math.floor(Date.now() / 1000).toString(8).padStart(11, "0") + "\0";
    let at = 0;
    for (const { name, bytes } of files) {
      const header = out.subarray(at, at + 512);
      const field = (offset, text) => header.set(encoder.encode(text), offset);
      field(0, name);
      field(100, "0000644\0");
      field(108, "0000000\0");
      field(116, "0000000\0");
      field(124, bytes.length.toString(8).padStart(11, "0") + "\0");
      field(136, mtime);
      field(148, "        "); // the checksum counts its own field as spaces
      field(156, "0");
      field(257, "ustar\u000000");
      const sum = header.reduce((a, b) => a + b, 0);
      field(148, sum.toString(8).padStart(6, "0") + "\0 ");
      out.set(bytes, at + 512);
      at += size(bytes.length);
    }
    return out;
  }

  // pyscript.toml as the server gave it (`answer`, a Response), with one archive in its [files]
  async function toml(answer) {
    if (!answer.ok) return { response: answer, plan: null };
    const found = plan(await answer.clone().text());
    if (!found) return { response: answer, plan: null };
    const headers = new Headers(answer.headers);
    headers.delete("Content-Length"); // the server's, for the longer toml
    const response = new Response(found.toml, { status: answer.status, statusText: answer.statusText,
                                                headers });
    return { response, plan: found };
  }

  // The archive: each file as `answerOf(path)` gives it (a promise of a Response). A file that
  // cannot be had is named (`note(text)`) and the archive fails with its status.
  async function answer(found, answerOf, note) {
    const answers = await Promise.all(found.paths.map((path) => answerOf(path).catch(() => null)));
    const bad = answers.findIndex((r) => !r || !r.ok);
    if (bad >= 0) {
      const why = answers[bad] ? `the server answered ${answers[bad].status}` : "no answer from the server";
      note(`Python's file ${found.paths[bad]} could not be loaded (${why}): the lab cannot start ` +
           "without it. Check the file is there, then reload.");
      return new Response(null, { status: answers[bad] ? answers[bad].status : 503 });
    }
    const files = await Promise.all(answers.map(async (r, i) => (
      { name: found.names[i], bytes: new Uint8Array(await r.arrayBuffer()) })));
    return new Response(tar(files), { headers: { "Content-Type": "application/x-tar" } });
  }

  return { PATH, plan, tar, toml, answer };
})();
