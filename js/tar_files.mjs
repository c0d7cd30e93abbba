// The lab's .py files, written into Python's file system from their tar in JavaScript.
//
// PyScript hands pyscript.toml's [files] archive (the lab's .py files in one tar:
// tools/py_archive.py on a first visit, js/sw_bundle.js on a later one) to Pyodide's
// unpackArchive(), which unpacks it with Python's tarfile: a long task while the page waits.
// A plain ustar of files and folders is written here instead, straight into the file system;
// anything else (another format, a pax or long-name entry, a name that leaves the folder, a bad
// checksum, a cut archive) goes to Pyodide's own unpacking, which applies its own checks.
//
//   pyodide.unpackArchive = unpackTarFirst(pyodide, pyodide.unpackArchive.bind(pyodide));
//   tarEntries(bytes)   // [{name, folder, bytes}], or null: not a tar written here
//
// Its mark `lab:files-unpacked` (detail: the number of files) says the archive was written so.
const TAR_BLOCK = 512;
const latin1 = new TextDecoder("latin1");

export function unpackTarFirst(pyodide, unpackWithPython) {
  return (buffer, format, options = {}) => {
    const data = ArrayBuffer.isView(buffer)
      ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
    const entries = format === "tar" ? tarEntries(data) : null;
    if (!entries) return unpackWithPython(buffer, format, options);
    const { FS, PATH } = pyodide;
    const folder = PATH.normalize(PATH.join(FS.cwd(), options.extractDir || "."));
    FS.mkdirTree(folder);
    for (const { name, folder: isFolder, bytes } of entries) {
      const path = PATH.join(folder, name);
      if (isFolder) FS.mkdirTree(path);
      else {
        FS.mkdirTree(PATH.dirname(path));
        FS.writeFile(path, bytes);
      }
    }
    performance.mark("lab:files-unpacked", { detail: entries.filter((e) => !e.folder).length });
  };
}

// [{name, folder, bytes}] of a ustar holding only files and folders with plain relative names;
// null for anything else
export function tarEntries(data) {
  const entries = [];
  const text = (at, length) => latin1.decode(data.subarray(at, at + length)).replace(/\0.*$/s, "");
  for (let at = 0; at + TAR_BLOCK <= data.length;) {
    const header = data.subarray(at, at + TAR_BLOCK);
    if (header.every((byte) => byte === 0)) return entries;  // the end: zero blocks
    if (!text(at + 257, 6).startsWith("ustar")) return null;
    const sizeText = text(at + 124, 12).trim();
    if (!/^[0-7]+$/.test(sizeText)) return null;
    const size = parseInt(sizeText, 8);
    const prefix = text(at + 345, 155);
    const name = (prefix ? prefix + "/" : "") + text(at, 100);
    const type = text(at + 156, 1) || "0";
    const parts = name.replace(/\/$/, "").split("/");
    if (!"05".includes(type) || parts.some((part) => ["", ".", ".."].includes(part)) ||
        !checksumHolds(header) || at + TAR_BLOCK + size > data.length) return null;
    entries.push({ name: parts.join("/"), folder: type === "5",
                   bytes: data.slice(at + TAR_BLOCK, at + TAR_BLOCK + size) });
    at += TAR_BLOCK + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
  }
  return null;  // no end blocks: cut short
}

function checksumHolds(header) {
  let sum = 0;  // every byte, the checksum's own field counted as spaces
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  const said = latin1.decode(header.subarray(148, 156)).replace(/[\0 ]+$/, "").trim();
  return /^[0-7]+$/.test(said) && parseInt(said, 8) === sum;
}
