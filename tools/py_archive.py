"""The lab's .py files in one answer, for a first visit under `./lab serve` (tools/serve.py).

A first visit that does not wait for the service worker (js/boot.js: the server sends vendor/
gzip-encoded) would get PyScript's [files] one request each, ~150 of them, while Python waits.
So the page then asks for TOML_PATH, pyscript.toml with its [files] as one tar archive (named
by its content's digest; PyScript unpacks it where the files went), made from the files as
they are now: an edit to py/ shows on the next reload. js/sw_bundle.js does the same for a later visit,
in the worker, from the form the lab's pyscript.toml uses (tests/unit/test_layout.py).

    text = archive_toml(root)     # pyscript.toml, its [files] one archive (None: left alone)
    data, current = archive(root, name)   # that archive's bytes (None: the toml's form not
                                          # known), and whether `name` is still its content's
"""

import gzip
import hashlib
import io
import re
import tarfile
import time
from pathlib import Path

TOML_PATH = "/pyscript.archive.toml"   # beside pyscript.toml: its relative paths read the same
ARCHIVE_PREFIX = "__lab/py-lab-"       # + the files' digest + ".tar": a name per content, so
                                       # the page can ask for it early and PyScript get it cached
ARCHIVE_CACHE = "public, max-age=604800, immutable"
_LINE = re.compile(r'^"([^"]+)"\s*=\s*"([^"]*)"\s*(#.*)?$')


def plan(toml: str) -> dict | None:
    """{toml(archive_path), folder, names} for pyscript.toml's text: the toml with that one
    archive in its [files], the folder the files come from and their names in it; None when
    [files] holds anything but the {FROM}/{TO} form (the toml is then served as it is)."""
    lines = toml.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip() == "[files]"), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^\s*\[", lines[i])), len(lines))
    templates, names = {}, []
    for line in (raw.strip() for raw in lines[start + 1:end]):
        if not line or line.startswith("#"):
            continue
        found = _LINE.match(line)
        key, value = found.group(1, 2) if found else (None, None)
        if key in ("{FROM}", "{TO}"):
            templates[key] = value
        elif key and key.startswith("{FROM}/") and value == "{TO}/" + key[7:]:
            names.append(key[7:])
        else:
            return None
    folder = re.fullmatch(r"\./([^{}]+)", templates.get("{FROM}", ""))
    to = templates.get("{TO}")
    if not folder or not to or re.search(r'[{}"]', to) or not names:
        return None
    if any(".." in name.split("/") or name.startswith("/") for name in names):
        return None
    head, tail = lines[:start + 1], lines[end:]

    def toml_with(archive_path: str) -> str:
        line = f'"./{archive_path}" = "{to}/*"  # one archive of the files this section listed'
        return "\n".join([*head, line, *tail])
    return {"toml": toml_with, "folder": folder.group(1), "names": names}


def _files(root: Path) -> tuple[dict, list] | tuple[None, None]:
    """pyscript.toml's plan and the (name, bytes) of its files as they are now."""
    found = plan((root / "pyscript.toml").read_text())
    if found is None:
        return None, None
    return found, [(name, (root / found["folder"] / name).read_bytes()) for name in found["names"]]


def archive_name(files: list) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    return f"{ARCHIVE_PREFIX}{digest.hexdigest()[:16]}.tar"


def archive_toml(root: Path) -> str | None:
    """pyscript.toml with its [files] as the archive of the files as they are now."""
    found, files = _files(root)
    return found and found["toml"](archive_name(files))


def archive(root: Path, name: str = "") -> tuple[bytes, bool] | None:
    """The tar of the files pyscript.toml lists, as they are now, and whether `name` is still
    theirs (OSError: one is missing)."""
    found, files = _files(root)
    if found is None:
        return None
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for file_name, data in files:
            info = tarfile.TarInfo(file_name)
            info.size, info.mode, info.mtime = len(data), 0o644, int(time.time())
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue(), name == archive_name(files)


def send(handler, compress: bool = False) -> bool:
    """Answer `handler`'s request (an http.server handler) if it asks for TOML_PATH or the
    archive (gzip-encoded when `compress`); whether it did. A [files] not in the known form, or a
    file gone: a 404 that says so."""
    path = handler.path.split("?", 1)[0]
    is_archive = path.startswith("/" + ARCHIVE_PREFIX) and path.endswith(".tar")
    if path != TOML_PATH and not is_archive:
        return False
    root, current = Path(handler.directory), False
    try:
        body = archive(root, path[1:]) if is_archive else archive_toml(root)
        if is_archive and body:
            body, current = body
    except OSError as error:
        name = Path(error.filename or "a file")
        name = name.relative_to(root) if name.is_relative_to(root) else name.name
        body, why = None, f"{name} could not be read"
    else:
        why = "pyscript.toml's [files] is not in the form one archive can replace"
    if body is None:
        handler.send_error(404, why)
        return True
    data = body if isinstance(body, bytes) else body.encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/x-tar" if is_archive else "text/plain")
    # the name stands for this content: kept a week (tools/serve.py sends no-cache otherwise)
    handler.send_header("Cache-Control", ARCHIVE_CACHE if current else "no-cache")
    if compress:
        data = gzip.compress(data, compresslevel=6)
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Vary", "Accept-Encoding")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(data)
    return True
