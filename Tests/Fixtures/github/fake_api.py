#!/usr/bin/env python3
"""A stand-in for the GitHub REST API's issue-comment endpoints, for Verdict's tests.

Listens on 127.0.0.1 (a free port, printed on the first line of standard output) and serves:
  GET   /repos/OWNER/NAME/issues/N/comments?per_page=&page=   (paginated, with a Link header)
  POST  /repos/OWNER/NAME/issues/N/comments
  PATCH /repos/OWNER/NAME/issues/comments/ID
Only the token "good-token" is accepted (else 401); only --repo exists (else 404); a body over
65,536 characters is refused with 422 as GitHub does. --fail N STATUS makes the first N requests
answer STATUS (403 is sent as a secondary rate limit; --retry-after sets their Retry-After).
GET /user answers the token's login (--login), or 403 with --user-forbidden as it does for the
Actions GITHUB_TOKEN, whose comments are then written by github-actions[bot]. --planted-at I puts
a comment starting with Verdict's marker, written by another account, at index I; --foreign-next
makes the Link header's next page point at another host. Every request is appended to --log as
"METHOD PATH". It stops when its standard input closes.
"""
import argparse, json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

parser = argparse.ArgumentParser()
parser.add_argument("--repo", default="acme/shop")
parser.add_argument("--pr", type=int, default=7)
parser.add_argument("--existing", type=int, default=0, help="comments already on the PR, none of them Verdict's")
parser.add_argument("--verdict-at", type=int, default=-1, help="index of an existing Verdict comment")
parser.add_argument("--fail", nargs=2, type=int, default=[0, 0], metavar=("N", "STATUS"))
parser.add_argument("--retry-after", default=None)
parser.add_argument("--login", default="verdict-bot")
parser.add_argument("--user-forbidden", action="store_true")
parser.add_argument("--planted-at", type=int, default=-1)
parser.add_argument("--foreign-next", action="store_true")
parser.add_argument("--log", required=True)
args = parser.parse_args()

lock = threading.Lock()
author = "github-actions[bot]" if args.user_forbidden else args.login
comments = [{"id": 1000 + i, "body": f"a human comment {i}", "user": {"login": "human"}} for i in range(args.existing)]
if 0 <= args.planted_at < len(comments):
    comments[args.planted_at]["body"] = "<!-- verdict:report -->\nplanted by someone else"
    comments[args.planted_at]["user"] = {"login": "mallory"}
if 0 <= args.verdict_at < len(comments):
    comments[args.verdict_at]["body"] = "<!-- verdict:report -->\nold report"
    comments[args.verdict_at]["user"] = {"login": author.upper() if not args.user_forbidden else author}
failures_left = args.fail[0]
next_id = 5000


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
        url = urlparse(self.path)
        with open(args.log, "a") as log:
            log.write(f"{method} {url.path}{'?' + url.query if url.query else ''}\n")
        length = int(self.headers.get("Content-Length") or 0)
        data = json.loads(self.rfile.read(length) or b"null") if length else None
        with lock:
            if failures_left > 0:
                failures_left -= 1
                status = args.fail[1]
                retry = {"Retry-After": args.retry_after} if args.retry_after is not None else {}
                if status == 403:
                    return self.reply(403, {"message": "You have exceeded a secondary rate limit."}, retry or {"Retry-After": "0"})
                return self.reply(status, {"message": "Server Error"}, retry)
        if self.headers.get("Authorization") != "Bearer good-token":
            return self.reply(401, {"message": "Bad credentials"})
        parts = url.path.strip("/").split("/")
        if method == "GET" and parts == ["user"]:
            if args.user_forbidden:
                return self.reply(403, {"message": "Resource not accessible by integration"})
            return self.reply(200, {"login": args.login, "id": 1})
        if len(parts) < 5 or parts[0] != "repos" or f"{parts[1]}/{parts[2]}" != args.repo:
            return self.reply(404, {"message": "Not Found"})
        with lock:
            if method == "GET" and parts[3:] == ["issues", str(args.pr), "comments"]:
                query = parse_qs(url.query)
                per_page = int(query.get("per_page", ["30"])[0])
                page = int(query.get("page", ["1"])[0])
                chunk = comments[(page - 1) * per_page: page * per_page]
                headers = {}
                if page * per_page < len(comments):
                    host = "localhost" if args.foreign_next else "127.0.0.1"
                    base = f"http://{host}:{self.server.server_address[1]}{url.path}"
                    headers["Link"] = f'<{base}?per_page={per_page}&page={page + 1}>; rel="next", <{base}?per_page={per_page}&page=99>; rel="last"'
                return self.reply(200, chunk, headers)
            if method == "POST" and parts[3:] == ["issues", str(args.pr), "comments"]:
                if len(data["body"]) > 65536:
                    return self.reply(422, {"message": "Validation Failed", "errors": [{"message": "body is too long (maximum is 65536 characters)"}]})
                comment = {"id": next_id, "body": data["body"], "user": {"login": author}}
                next_id += 1
                comments.append(comment)
                return self.reply(201, comment)
            if method == "PATCH" and parts[3:5] == ["issues", "comments"]:
                for comment in comments:
                    if str(comment["id"]) == parts[5]:
                        comment["body"] = data["body"]
                        return self.reply(200, comment)
                return self.reply(404, {"message": "Not Found"})
        return self.reply(404, {"message": "Not Found"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
with open(args.log + ".final.json", "w") as out:
    json.dump(comments, out)
server.shutdown()
