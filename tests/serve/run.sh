#!/bin/bash
# SPDX-License-Identifier: MIT
# `ismsbook serve` end to end: starts the server on a free port with a copy
# of the example handbook, fetches pages, checks the reload script is only
# in served pages, edits a document and waits for the new content, breaks
# and fixes its front matter (the error page), sends hostile requests
# (traversal, encoded dots, a 64 KiB header, a slowloris head, POST), and
# stops it with SIGINT: exit 0, private folder gone, no sanitizer report.
# Then, on a copy without filters, edits bodies that serve rebuilds the
# quick way (only the pages they reach) and compares the served site with
# a clean build after each.
# Needs only bash and python3. Usage: BIN
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/hb" "$tmp/run"
cp -R content filters handbook.yaml "$tmp/hb/"
# A file name that every link to it must percent-encode, '%' included.
printf -- '---\nid: POL-990\ntitle: Oddly Named Policy\ntype: policy\nowner: line.sorensen\nstatus: draft\n---\n\nText.\n' \
    >"$tmp/hb/content/policies/odd 99%25 #1?.md"
[ -d static ] && cp -R static "$tmp/hb/"
# An ASan build takes longer to rebuild; the target is for the plain one.
within=1
grep -q -a __asan_init "$bin" && within=3
exec python3 - "$bin" "$tmp" "$within" <<'PY'
import os, queue, re, shutil, signal, socket, subprocess, sys, threading, time
import http.client

BIN, TMP, WITHIN = sys.argv[1], sys.argv[2], float(sys.argv[3])
HB, RUN = os.path.join(TMP, "hb"), os.path.join(TMP, "run")
TODAY = "2026-12-01"
DOC = "content/policies/access-control.md"
PAGE = "/policies/access-control.html"
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, flush=True)

env = dict(os.environ, TMPDIR=RUN, NO_COLOR="1")
env.pop("XDG_RUNTIME_DIR", None)

def start(*args, hb=HB):
    p = subprocess.Popen([BIN, "serve", "-C", hb, "--today", TODAY] +
                         list(args), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, text=True)
    lines = []
    while True:
        line = p.stdout.readline()
        if not line:
            return p, None, lines
        lines.append(line)
        m = re.match(r"Serving (http://\S+/) \(Ctrl-C to stop\)", line)
        if m:
            return p, m.group(1), lines

def get(port, path, method="GET", headers=None, host="127.0.0.1"):
    c = http.client.HTTPConnection(host, port, timeout=10)
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, dict(r.getheaders()), body

def raw(port, data, wait=10):
    """Sends DATA as is; returns the status (0: closed without one)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=wait)
    got = b""
    try:
        s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except OSError:
        pass
    s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", got)
    return (int(m.group(1)) if m else 0), got

def slowloris(port, result):
    """Sends a request head a line every half second; the server must
    close the connection before the head is complete."""
    s = socket.create_connection(("127.0.0.1", port), timeout=15)
    t0 = time.monotonic()
    closed = False
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        s.settimeout(0.5)
        while time.monotonic() - t0 < 14:
            s.sendall(b"X-Slow: a\r\n")
            try:
                if s.recv(4096) == b"":
                    closed = True
                    break
            except socket.timeout:
                pass
    except OSError:
        closed = True
    s.close()
    result.append((closed, time.monotonic() - t0))

def poll(pred, limit):
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        r = pred()
        if r:
            return time.monotonic() - t0
        time.sleep(0.02)
    return None

def replace_file(rel, text):
    """Saves like an editor that writes a new file and renames it."""
    path = os.path.join(HB, rel)
    with open(path + ".tmp~", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp~", path)

proc, url, out = start("--port", "0")
check(url is not None, "serve printed its URL: %r %s" % (out, proc.stderr.read() if not url else ""))
if not url:
    sys.exit(1)
port = int(re.search(r":(\d+)/$", url).group(1))
check(url == "http://127.0.0.1:%d/" % port, "listens on 127.0.0.1: " + url)

slow = []
slow_thread = threading.Thread(target=slowloris, args=(port, slow))
slow_thread.start()

# Pages carry the reload script; the built files never do.
st, hd, body = get(port, "/")
body_home = body
check(st == 200 and "text/html" in hd.get("Content-Type", ""), "GET / is a page")
check(hd.get("Cache-Control") == "no-store", "no-store")
tag = re.search(r'<script src="/_ismsbook/reload\.js" data-generation="(\d+)"></script>\s*</body>', body)
check(tag is not None, "reload script injected before </body>")
st, hd, js = get(port, "/_ismsbook/reload.js")
check(st == 200 and "javascript" in hd.get("Content-Type", "") and "EventSource" in js, "reload.js")
st, hd, body = get(port, PAGE)
check(st == 200 and "Access Control Policy" in body, "GET a document page")
# The home page's link to a document named "odd 99%25 #1?.md", followed
# as a browser does, reaches it.
odd = re.search(r'href="([^"]*)">Oddly Named Policy<', body_home)
check(odd is not None and
      odd.group(1) == "policies/odd%2099%2525%20%231%3F.html",
      "the link to an oddly named document is encoded: %r"
      % (odd and odd.group(1)))
if odd:
    st, hd, body = get(port, "/" + odd.group(1))
    check(st == 200 and "Oddly Named Policy" in body,
          "an oddly named document is served: %d" % st)
st, hd, _ = get(port, "/assets/style.css")
check(st == 200 and hd.get("Content-Type", "").startswith("text/css"), "a stylesheet")
st, hd, body = get(port, "/", method="HEAD")
check(st == 200 and body == "" and int(hd.get("Content-Length", "0")) > 0, "HEAD /")
st, hd, _ = get(port, "/policies")
check(st == 301 and hd.get("Location") == "/policies/", "folder redirect")
st, _, body = get(port, "/no-such-page.html")
check(st == 404 and "_ismsbook/reload.js" in body, "404 page with the script")
priv = [d for d in os.listdir(RUN) if d.startswith("ismsbook-serve-")]
check(len(priv) == 1, "one private folder in TMPDIR: %r" % priv)
site = os.path.join(RUN, priv[0], "site") if priv else RUN
check(os.path.isfile(os.path.join(site, "index.html")), "site built in the private folder")
pub = os.path.join(TMP, "public")
b = subprocess.run([BIN, "build", "-C", HB, "-o", pub, "--today", TODAY],
                   capture_output=True, text=True)
check(b.returncode == 0, "plain build: " + b.stderr)
leaked = []
for d in (pub, site):
    for top, _, files in os.walk(d):
        for f in files:
            with open(os.path.join(top, f), "rb") as fh:
                if b"_ismsbook" in fh.read():
                    leaked.append(os.path.join(top, f))
check(leaked == [], "no reload script in built files: %r" % leaked[:3])

# Symbolic links in the site lead nowhere.
os.symlink(os.path.join(HB, "handbook.yaml"), os.path.join(site, "leak.html"))
os.symlink(HB, os.path.join(site, "leakdir"))
for path in ("/leak.html", "/leakdir/handbook.yaml"):
    st, _, body = get(port, path)
    check(st == 404 and "organisation" not in body, "symlink %s: %d" % (path, st))

# Hostile requests.
for path in ("/../handbook.yaml", "/%2e%2e/handbook.yaml", "/%2e%2e/",
             "/%2E%2E%2Fhandbook.yaml", "/.%2e/handbook.yaml",
             "/..%2f..%2fetc/passwd", "/..\\handbook.yaml", "/a/../../x",
             "//etc/passwd", "/%00", "/index.html%00.css", "/%252e%252e/",
             "/.ismsbook-output", "../handbook.yaml", "/%zz"):
    st, got = raw(port, b"GET " + path.encode() +
                  b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    check(400 <= st < 500 and b"organisation" not in got,
          "%s gets 4xx: %d" % (path, st))
st, got = raw(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
              b"a" * 65536 + b"\r\n\r\n")
check(st == 0 or 400 <= st < 500, "64 KiB header: %d" % st)
st, got = raw(port, b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              b"Content-Length: 3\r\n\r\nabc")
check(st == 405 and b"Allow: GET, HEAD" in got, "POST gets 405: %d" % st)
st, got = raw(port, b"GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n")
check(st == 403, "foreign Host gets 403: %d" % st)
st, got = raw(port, b"GET / HTTP/1.1\r\nHost: localhost:%d\r\n\r\n" % port)
check(st == 200, "Host localhost: %d" % st)

# Another server cannot take the port.
r = subprocess.run([BIN, "serve", "-C", HB, "--today", TODAY, "--port",
                    str(port)], capture_output=True, text=True, env=env,
                   timeout=20)
check(r.returncode == 2 and "cannot listen" in r.stderr,
      "port in use: %d %s" % (r.returncode, r.stderr))

# An edit shows up: the event stream announces it, the page has it.
events = socket.create_connection(("127.0.0.1", port), timeout=10)
events.sendall(b"GET /_ismsbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
first = b""
while b"data: 1\n\n" not in first:
    chunk = events.recv(4096)
    if not chunk:
        break
    first += chunk
check(b"text/event-stream" in first and b"data: 1\n\n" in first,
      "event stream sends the generation: %r" % first[-200:])
doc = open(os.path.join(HB, DOC), encoding="utf-8").read()
edited = doc.replace("title: Access Control Policy", "title: Serve Test Title 4711")
check(edited != doc, "the title line was found")
replace_file(DOC, edited)
took = poll(lambda: "Serve Test Title 4711" in get(port, PAGE)[2], 10)
check(took is not None and took <= WITHIN,
      "edit visible within %.0f s: %s" % (WITHIN, took))
print("serve: edit visible after %.0f ms" % (1000 * (took or 0)), flush=True)
more = b""
events.settimeout(5)
try:
    while b"data: 2\n\n" not in more:
        chunk = events.recv(4096)
        if not chunk:
            break
        more += chunk
except OSError:
    pass
check(b"data: 2\n\n" in more, "event stream announces the rebuild: %r" % more)

# Broken front matter: pages show the findings instead of a stale site.
replace_file(DOC, edited.replace("owner: line.sorensen", 'owner: "unclosed'))
overlay = lambda: get(port, "/")[0] == 500
took = poll(overlay, 10)
check(took is not None, "error page appears")
st, hd, body = get(port, "/")
check(st == 500 and "text/html" in hd.get("Content-Type", ""), "error page status 500")
check(re.search(r"content/policies/access-control\.md:\d+:\d+: error: "
                r".*\[yaml-syntax\]", body) is not None,
      "error page names file:line:col: " + body[:2000])
check("_ismsbook/reload.js" in body, "error page reloads itself")
check("'POL-003'" not in body and "&#39;POL-003&#39;" in body,
      "findings are escaped")
st, _, _ = get(port, "/assets/style.css")
check(st == 200, "assets still served while broken")
replace_file(DOC, edited)
took = poll(lambda: get(port, "/")[0] == 200, 10)
check(took is not None, "site back after the fix")

# A new folder is watched as soon as it appears.
os.mkdir(os.path.join(HB, "content/policies/extra"))
time.sleep(0.1)
new = ("---\nid: POL-903\ntitle: Fresh Folder Title 815\ntype: policy\n"
       "owner: line.sorensen\nstatus: draft\nlast_reviewed: 2026-11-01\n"
       "---\n\nA document in a folder made while serving.\n")
replace_file("content/policies/extra/fresh.md", new)
took = poll(lambda: "Fresh Folder Title 815" in get(port, "/isms.json")[2], 10)
check(took is not None, "a document in a new folder is built")

slow_thread.join()
check(slow and slow[0][0] and slow[0][1] < 12,
      "slowloris head is cut off: %r" % slow)

# Stop with an event stream and a half-sent request still open.
idle = socket.create_connection(("127.0.0.1", port), timeout=10)
idle.sendall(b"GET / HTTP/1.1\r\n")
time.sleep(0.1)
t0 = time.monotonic()
proc.send_signal(signal.SIGINT)
try:
    rc = proc.wait(timeout=15)
except subprocess.TimeoutExpired:
    proc.kill()
    rc = "hung"
check(time.monotonic() - t0 < 5, "stops within 5 s: %.1f s" % (time.monotonic() - t0))
events.close()
idle.close()
err = proc.stderr.read()
rest = proc.stdout.read()
check(rc == 0, "exit status after SIGINT: %s" % rc)
check("stopped" in rest, "says it stopped")
check(not [d for d in os.listdir(RUN) if d.startswith("ismsbook-serve-")],
      "private folder removed")
check(not re.search(r"AddressSanitizer|LeakSanitizer|runtime error", err),
      "sanitizers quiet: " + err[-2000:])

# Quick rebuilds. Without filters, an edit to a body alone makes only its
# page, the pages whose backlinks it changes and the search index, in
# place; the served site must be the one a clean build makes.
HB2 = os.path.join(TMP, "hb2")
os.mkdir(HB2)
for d in ("content", "static"):
    if os.path.isdir(d):
        shutil.copytree(d, os.path.join(HB2, d))
cfg = open("handbook.yaml", encoding="utf-8").read()
cfg = re.sub(r"\nfilters:\n(  - .*\n)+", "\n", cfg)
check("filters:" not in cfg, "the copy has no filters")
with open(os.path.join(HB2, "handbook.yaml"), "w", encoding="utf-8") as f:
    f.write(cfg)
p2, url2, _ = start("--port", "0", hb=HB2)
check(url2 is not None, "serve starts on the copy")
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put(l) for l in p2.stdout],
                 daemon=True).start()
priv = [d for d in os.listdir(RUN) if d.startswith("ismsbook-serve-")]
site2 = os.path.join(RUN, priv[0], "site") if len(priv) == 1 else RUN

def rebuilt():
    try:
        while True:
            line = lines.get(timeout=20)
            if line.startswith(("rebuilt", "build failed")):
                return line.strip()
    except queue.Empty:
        return "no rebuild"

def same_as_build(what, site=None, args=()):
    out = os.path.join(TMP, "clean")
    shutil.rmtree(out, ignore_errors=True)
    b = subprocess.run([BIN, "build", "-C", HB2, "-o", out, "--today", TODAY,
                        "--no-cache"] + list(args), capture_output=True,
                       text=True, env=env)
    d = subprocess.run(["diff", "-r", site or site2, out],
                       capture_output=True, text=True)
    check(b.returncode == 0 and d.returncode == 0,
          "%s: the served site is a clean build's: %s %s" %
          (what, b.stderr[-300:], d.stdout[:600]))

AC = "content/policies/access-control.md"
ac = open(os.path.join(HB2, AC), encoding="utf-8").read()
linked = ac + "\nSee also the [asset policy](asset-management.md).\n"
replace_file2 = lambda rel, text: (open(os.path.join(HB2, rel + ".tmp~"), "w",
                                        encoding="utf-8").write(text),
                                   os.replace(os.path.join(HB2, rel + ".tmp~"),
                                              os.path.join(HB2, rel)))
for what, text in (
        ("a link added", linked),
        ("a paragraph added", linked + "\nQuick rebuild paragraph 2718.\n"),
        ("a link taken out", linked.replace(
            "[information security policy](information-security-policy.md)",
            "information security policy"))):
    replace_file2(AC, text)
    line = rebuilt()
    check(re.match(r"rebuilt in \d+ ms: \d+ page\(s\) and the search index$",
                   line) is not None, "%s: the quick way: %s" % (what, line))
    same_as_build(what)
st, _, body = get(int(re.search(r":(\d+)/$", url2).group(1)),
                  "/policies/asset-management.html")
check(st == 200 and "access-control.html" in body,
      "the linked page lists its new backlink")
# Anything but a body: a full build, as before.
replace_file2(AC, ac.replace("title: Access Control Policy",
                             "title: Access Control Rules"))
line = rebuilt()
check(re.match(r"rebuilt in \d+ ms$", line) is not None,
      "front matter: a full build: " + line)
same_as_build("front matter edited")
replace_file2(AC, ac)
line = rebuilt()
same_as_build("front matter restored")
# A file made and removed beside a document (sed -i, some editors) does
# not keep the quick way from an edit in the same moment.
tmpfile = os.path.join(HB2, "content/policies/sedXYZ")
open(tmpfile, "w").write("x")
os.remove(tmpfile)
replace_file2(AC, ac + "\nAfter a temporary file.\n")
line = rebuilt()
check(re.match(r"rebuilt in \d+ ms: ", line) is not None,
      "a temporary file beside the edit: the quick way: " + line)
same_as_build("after a temporary file")
# A permission change alone is a change: a file made unreadable fails the
# build, and made readable again brings the site back (the test may run
# as root, which reads any file: the rebuild is what is checked).
os.chmod(os.path.join(HB2, AC), 0o600)
line = rebuilt()
check(line.startswith("rebuilt"), "chmod: a rebuild: " + line)
same_as_build("after chmod")
# A file beside a document: published once linked, copied again when
# edited, and a body edit that keeps its links still goes the quick way.
PORT2 = int(re.search(r":(\d+)/$", url2).group(1))
PNG = os.path.join(HB2, "content/policies/zones.png")
open(PNG, "w").write("zones one\n")
line = rebuilt()
check(line.startswith("rebuilt"), "a new file: a rebuild: " + line)
replace_file2(AC, ac + "\n![Zones](zones.png)\n")
line = rebuilt()
st, _, body = get(PORT2, "/policies/zones.png")
check(st == 200 and body == "zones one\n",
      "a linked file is served: %d %r (%s)" % (st, body[:40], line))
same_as_build("a file linked")
open(PNG + ".tmp~", "w").write("zones two\n")
os.replace(PNG + ".tmp~", PNG)
line = rebuilt()
st, _, body = get(PORT2, "/policies/zones.png")
check(st == 200 and body == "zones two\n",
      "an edited linked file is copied again: %d %r (%s)" % (st, body[:40], line))
same_as_build("a linked file edited")
replace_file2(AC, ac + "\n![Zones](zones.png)\n\nAnd a paragraph.\n")
line = rebuilt()
check(re.match(r"rebuilt in \d+ ms: ", line) is not None,
      "a body edit keeping its link to a file: the quick way: " + line)
same_as_build("a body edit beside a linked file")
replace_file2(AC, ac)
line = rebuilt()
same_as_build("the link to a file taken out")
st, _, _ = get(PORT2, "/policies/zones.png")
check(st == 404, "a file no longer linked is not served: %d" % st)
os.remove(PNG)
line = rebuilt()
RISK = "/records/risk-register-2026.html"  # confidential
st, _, _ = get(int(re.search(r":(\d+)/$", url2).group(1)), RISK)
check(st == 404, "the confidential register is not served: %d" % st)
p2.send_signal(signal.SIGINT)
check(p2.wait(timeout=15) == 0, "the second server stops")
err2 = p2.stderr.read()
check(not re.search(r"AddressSanitizer|LeakSanitizer|runtime error", err2),
      "sanitizers quiet on quick rebuilds: " + err2[-2000:])

# --max-classification: every build of serve, the quick ones too,
# publishes what `build` with the same option does.
before = set(d for d in os.listdir(RUN) if d.startswith("ismsbook-serve-"))
p3, url3, _ = start("--port", "0", "--max-classification", "confidential",
                    hb=HB2)
check(url3 is not None, "serve starts with --max-classification")
if url3:
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in p3.stdout],
                     daemon=True).start()
    priv = [d for d in os.listdir(RUN)
            if d.startswith("ismsbook-serve-") and d not in before]
    site3 = os.path.join(RUN, priv[0], "site") if len(priv) == 1 else RUN
    st, _, _ = get(int(re.search(r":(\d+)/$", url3).group(1)), RISK)
    check(st == 200, "--max-classification confidential serves the "
          "confidential register: %d" % st)
    same_as_build("--max-classification", site3,
                  ("--max-classification", "confidential"))
    replace_file2(AC, ac + "\nA paragraph under a raised limit.\n")
    line = rebuilt()
    check(re.match(r"rebuilt in \d+ ms: ", line) is not None,
          "--max-classification: the quick way: " + line)
    same_as_build("--max-classification, quick", site3,
                  ("--max-classification", "confidential"))
    p3.send_signal(signal.SIGINT)
    check(p3.wait(timeout=15) == 0, "the third server stops")
    err3 = p3.stderr.read()
    check(not re.search(r"AddressSanitizer|LeakSanitizer|runtime error",
                        err3), "sanitizers quiet: " + err3[-2000:])
else:
    p3.wait(timeout=15)
r = subprocess.run([BIN, "serve", "-C", HB2, "--max-classification", "top"],
                   capture_output=True, text=True, env=env, timeout=20)
check(r.returncode == 2 and "public, internal, confidential or restricted"
      in r.stderr, "bad --max-classification: %d %s" % (r.returncode,
                                                        r.stderr[:200]))

# IPv6 loopback, stopped with SIGTERM.
if socket.has_ipv6:
    p6, url6, out6 = start("--port", "0", "--bind", "::1")
    if url6:
        port6 = int(re.search(r":(\d+)/$", url6).group(1))
        check(url6 == "http://[::1]:%d/" % port6, "IPv6 URL: " + url6)
        st, _, _ = get(port6, "/", host="::1")
        check(st == 200, "GET over IPv6")
        p6.send_signal(signal.SIGTERM)
        check(p6.wait(timeout=15) == 0, "exit status after SIGTERM")
    else:
        p6.wait(timeout=15)
        print("serve: no IPv6 loopback here; skipped", flush=True)

r = subprocess.run([BIN, "serve", "-C", HB, "--bind", "not-an-address"],
                   capture_output=True, text=True, env=env, timeout=20)
check(r.returncode == 2, "bad --bind: %d" % r.returncode)
r = subprocess.run([BIN, "serve", "-C", TMP], capture_output=True,
                   text=True, env=env, timeout=20)
check(r.returncode == 2 and "handbook.yaml" in r.stderr, "no handbook.yaml")

# A document that takes too long to parse ends serve as it ends build
# (document-too-complex, exit 1), and serve's private folder goes too.
HB4 = os.path.join(TMP, "hb4")
os.makedirs(os.path.join(HB4, "content"))
with open(os.path.join(HB4, "handbook.yaml"), "w") as f:
    f.write("title: T\n")
with open(os.path.join(HB4, "content", "big.md"), "w") as f:
    f.write("---\nid: P-1\ntitle: Big\ntype: policy\nowner: x\n---\n\n")
    for i in range(60000):
        f.write("Some *text* with [a link](http://x/%d) and `code`.\n\n" % i)
before = set(d for d in os.listdir(RUN) if d.startswith("ismsbook-serve-"))
r = subprocess.run([BIN, "serve", "-C", HB4, "--port", "0"],
                   capture_output=True, text=True, timeout=120,
                   env=dict(env, ISMSBOOK_DOC_SECONDS="0.001"))
after = set(d for d in os.listdir(RUN) if d.startswith("ismsbook-serve-"))
check(r.returncode == 1 and "content/big.md:1:1: error: parsing took "
      "longer than 0.001 s [document-too-complex]" in r.stderr,
      "the watchdog ends serve: %d %s" % (r.returncode, r.stderr[-300:]))
check(after == before, "the watchdog leaves no private folder: %s" %
      (after - before))

print("serve: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
