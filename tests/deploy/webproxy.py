"""Test-only stand-in for the web container's nginx (no nginx or Docker here), on loopback.

It applies deploy/web/default.conf.template as the image's envsubst step renders it: the
template's `proxy_set_header Authorization` value and its server-level `add_header` lines
(Content-Security-Policy...) are read from the file, with ``${VAR}`` taken from the environment
compose gives the web service. Like the nginx site: `/healthz` answers ok; `/api/...` is passed
to the API with the Authorization header replaced; any other path is a file of the dashboard's
build or, for client-side routes, index.html.

    python -m tests.deploy.webproxy --port 8080 --upstream 127.0.0.1:8000 --root frontend/dist
"""

from __future__ import annotations

import argparse
import http.client
import http.server
import mimetypes
import os
import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "web" / "default.conf.template"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "host", "authorization"}


def render(text: str, env: dict[str, str]) -> str:
    """envsubst restricted to variables set in `env`, as the nginx image's entrypoint does."""
    return re.sub(
        r"\$\{(\w+)\}", lambda m: env[m.group(1)] if m.group(1) in env else m.group(0), text
    )


def site(env: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The Authorization value the proxy sends and the headers added to every response."""
    rendered = render(TEMPLATE.read_text(), env)
    authorization = re.search(r'proxy_set_header Authorization "([^"]*)";', rendered)
    assert authorization, "no Authorization header in the template"
    headers = re.findall(r'^ {4}add_header ([\w-]+) "([^"]*)" always;', rendered, re.M)
    return authorization.group(1), headers


def make_handler(upstream: str, root: Path, env: dict[str, str]) -> type:
    authorization, added = site(env)
    host, port = upstream.rsplit(":", 1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def reply(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
            self.send_response(status)
            for name, value in [*headers, *added]:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/healthz":
                self.reply(200, b"ok\n", [("Content-Type", "text/plain")])
            elif path.startswith("/api/"):
                self.proxy()
            else:
                self.static(path)

        def proxy(self) -> None:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Authorization"] = authorization  # replaces what the browser sent
            headers["X-Forwarded-For"] = self.client_address[0]
            connection = http.client.HTTPConnection(host, int(port), timeout=60)
            try:
                connection.request(self.command, self.path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                passed = [
                    (k, v)
                    for k, v in response.getheaders()
                    if k.lower() not in HOP_BY_HOP | {"content-length"}
                ]
                self.reply(response.status, body, passed)
            finally:
                connection.close()

        def static(self, path: str) -> None:
            target = (root / path.lstrip("/")).resolve()
            if not (target.is_file() and target.is_relative_to(root)):
                target = root / "index.html"  # try_files $uri $uri/ /index.html
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self.reply(200, target.read_bytes(), [("Content-Type", kind)])

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True, help="host:port of the API")
    parser.add_argument("--root", type=Path, required=True, help="the dashboard's build")
    args = parser.parse_args()
    handler = make_handler(args.upstream, args.root.resolve(), dict(os.environ))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
