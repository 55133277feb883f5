#!/usr/bin/env python3
"""A stand-in for the GitLab REST API v4's merge-request notes endpoints, for Verdict's tests.

Listens on 127.0.0.1 (a free port, printed on the first line of standard output) and serves,
under /api/v4:
  GET  /user                                                  (the token's user: --user-id, --username)
  GET  /projects/ID/merge_requests/IID/notes?per_page=&page=  (paginated: X-Next-Page, and a Link
                                                               header unless --no-link)
  POST /projects/ID/merge_requests/IID/notes
  PUT  /projects/ID/merge_requests/IID/notes/NOTE_ID
The project is found by --project-id or by its percent-encoded path --project-path (else 404).
Only PRIVATE-TOKEN "good-token" is accepted (else 401); the token "reporter-less" gets 403 on
writes; a JOB-TOKEN or any Authorization header gets 401, as GitLab answers a job token here.
--fail N STATUS makes the first N requests answer STATUS (with --retry-after). --existing N puts
N human notes first; --planted-at I makes note I start with Verdict's marker, by another user;
--verdict-at I makes note I Verdict's own; --system-at I makes note I a system note carrying the
marker; --foreign-next points the Link header's next page at another host. Every request is
appended to --log as "METHOD PATH?QUERY" (the raw, still-encoded path). It stops when its
standard input closes and writes the notes to LOG.final.json.
"""
import argparse, json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

parser = argparse.ArgumentParser()
parser.add_argument("--project-id", default="42")
parser.add_argument("--project-path", default="acme/shop")
parser.add_argument("--mr", type=int, default=7)
parser.add_argument("--existing", type=int, default=0)
parser.add_argument("--verdict-at", type=int, default=-1)
parser.add_argument("--planted-at", type=int, default=-1)
parser.add_argument("--system-at", type=int, default=-1)
parser.add_argument("--fail", nargs=2, type=int, default=[0, 0], metavar=("N", "STATUS"))
parser.add_argument("--retry-after", default=None)
parser.add_argument("--user-id", type=int, default=77)
parser.add_argument("--username", default="verdict-bot")
parser.add_argument("--no-link", action="store_true")
parser.add_argument("--foreign-next", action="store_true")
parser.add_argument("--log", required=True)
args = parser.parse_args()

lock = threading.Lock()
me = {"id": args.user_id, "username": args.username}
notes = [{"id": 1000 + i, "body": f"a human note {i}", "system": False, "author": {"id": 1, "username": "human"}} for i in range(args.existing)]
if 0 <= args.planted_at < len(notes):
    # Same username in another case would not help mallory: the id decides.
    notes[args.planted_at].update(body="<!-- verdict:report -->\nplanted by someone else", author={"id": 666, "username": "mallory"})
if 0 <= args.system_at < len(notes):
    notes[args.system_at].update(body="<!-- verdict:report -->\nsystem note", system=True, author=dict(me))
if 0 <= args.verdict_at < len(notes):
    notes[args.verdict_at].update(body="<!-- verdict:report -->\nold report", author=dict(me))
failures_left = args.fail[0]
next_id = 5000
PREFIX = "/api/v4/"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def reply(self, status, payload, headers=None):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self, method):
        global failures_left, next_id
        url = urlsplit(self.path)
        with open(args.log, "a") as log:
            log.write(f"{method} {url.path}{'?' + url.query if url.query else ''}\n")
        length = int(self.headers.get("Content-Length") or 0)
        data = json.loads(self.rfile.read(length) or b"null") if length else None
        with lock:
            if failures_left > 0:
                failures_left -= 1
                retry = {"Retry-After": args.retry_after} if args.retry_after is not None else {}
                return self.reply(args.fail[1], {"message": "Retry later" if args.fail[1] == 429 else "500 Internal Server Error"}, retry)
        token = self.headers.get("PRIVATE-TOKEN")
        if self.headers.get("JOB-TOKEN") or self.headers.get("Authorization") or token not in ("good-token", "reporter-less"):
            return self.reply(401, {"message": "401 Unauthorized"})
        if not url.path.startswith(PREFIX):
            return self.reply(404, {"message": "404 Not Found"})
        parts = url.path[len(PREFIX):].split("/")  # still percent-encoded: a project path is one part
        if method == "GET" and parts == ["user"]:
            return self.reply(200, dict(me, name="Verdict Bot"))
        if len(parts) < 5 or parts[0] != "projects" or parts[1] not in (args.project_id, args.project_path.replace("/", "%2F")) \
                or parts[2:5] != ["merge_requests", str(args.mr), "notes"]:
            return self.reply(404, {"message": "404 Project Not Found"})
        if method != "GET" and token == "reporter-less":
            return self.reply(403, {"message": "403 Forbidden"})
        with lock:
            if method == "GET" and len(parts) == 5:
                query = parse_qs(url.query)
                per_page = int(query.get("per_page", ["20"])[0])
                page = int(query.get("page", ["1"])[0])
                chunk = notes[(page - 1) * per_page: page * per_page]
                more = page * per_page < len(notes)
                headers = {"X-Next-Page": str(page + 1) if more else "", "X-Page": str(page), "X-Per-Page": str(per_page)}
                if more and not args.no_link:
                    host = "localhost" if args.foreign_next else "127.0.0.1"
                    rest = "&".join(f"{k}={v[0]}" for k, v in query.items() if k != "page")
                    base = f"http://{host}:{self.server.server_address[1]}{url.path}?{rest}"
                    headers["Link"] = f'<{base}&page={page + 1}>; rel="next", <{base}&page=1>; rel="first"'
                return self.reply(200, chunk, headers)
            if method == "POST" and len(parts) == 5:
                note = {"id": next_id, "body": data["body"], "system": False, "author": dict(me)}
                next_id += 1
                notes.append(note)
                return self.reply(201, note)
            if method == "PUT" and len(parts) == 6:
                for note in notes:
                    if str(note["id"]) == parts[5]:
                        note["body"] = data["body"]
                        return self.reply(200, note)
                return self.reply(404, {"message": "404 Not found"})
        return self.reply(404, {"message": "404 Not Found"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
with open(args.log + ".final.json", "w") as out:
    json.dump(notes, out)
server.shutdown()
