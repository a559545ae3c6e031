"""The analysts' dashboard: a JupyterHub service that shows, read-only, the dashboard last published.

The grader publishes with ``egov-course dashboard`` (the deployment sets ``EGOV_DASBOR_DIR``, so
the dashboard's HTML, charts and tables are copied there). This service runs as its own account,
which can read that folder and nothing of the course; it serves GET only, and only to users whose
JupyterHub role grants ``access:services!service=dasbor`` (analysts and instructors), through
JupyterHub's OAuth. Run as ``python -m egov_course.hub.dasbor FOLDER`` by the hub.
"""

from __future__ import annotations

import mimetypes
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

INDEX = "dasbor_kompetensi.html"
SERVED = {".html", ".png", ".csv", ".xlsx"}
WAITING = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Dasbor kompetensi</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Dasbor kompetensi belum diterbitkan</h1>
<p>Pelatih menerbitkan dasbor setelah kuis dinilai (perintah <code>egov-course dashboard</code> di terminal
formgrader). Muat ulang halaman ini sesudahnya.</p></body></html>"""


def published_file(folder: Path, name: str) -> Path | None:
    """The file ``name`` of the published folder, or None (no sub-folders, no hidden files, known types only)."""
    name = name or INDEX
    if "/" in name or name.startswith(".") or Path(name).suffix not in SERVED:
        return None
    path = folder / name
    return path if path.is_file() else None


def publish(files: list[Path], folder: Path) -> list[Path]:
    """Copy the dashboard's files into the published folder, each replaced whole (a reader never sees half a file).

    Only the kinds the service serves; the pseudonymous per-learner table is for instructors and is
    never given here (the caller leaves it out).
    """
    import shutil
    import tempfile

    written = []
    for path in files:
        if path.suffix not in SERVED:
            continue
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".publish-")
        os.close(fd)
        shutil.copyfile(path, tmp)
        os.chmod(tmp, 0o640)
        os.replace(tmp, folder / path.name)
        written.append(folder / path.name)
    return written


def make_app(folder: Path):
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from jupyterhub.utils import url_path_join
    from tornado import web

    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/dasbor/")

    class Page(HubOAuthenticated, web.RequestHandler):
        @web.authenticated
        def get(self, name: str = ""):
            path = published_file(folder, name)
            if path is None:
                if name in ("", INDEX):
                    self.set_header("Content-Type", "text/html; charset=utf-8")
                    return self.finish(WAITING)
                raise web.HTTPError(404)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.set_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Security-Policy", "frame-ancestors 'none'")
            if path.suffix in (".csv", ".xlsx"):
                self.set_header("Content-Disposition", f'attachment; filename="{path.name}"')
            self.finish(path.read_bytes())

    return web.Application([
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        (url_path_join(prefix, r"([^/]*)"), Page),
    ], cookie_secret=os.urandom(32))


def main(argv: list[str] | None = None) -> None:
    from tornado import ioloop

    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0] if argv else ".").resolve()
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    app = make_app(folder)
    app.listen(url.port, url.hostname)
    ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
