#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks a report of `ismsbook check --format FORMAT` with real parsers, so
# a golden file cannot enshrine output that CI systems would reject:
#   junit   valid against tests/unit/data/junit.xsd (xmllint), and its
#           tests/failures/skipped counts agree with its test cases
#   json    a JSON array of {severity, rule, file, line, column, message}
#   sarif   JSON with what SARIF 2.1.0 requires of a log, run, tool,
#           result and location, rule ids and indexes that agree, and URIs
#           that are valid relative references
#   github  one workflow command a line, properties escaped
# Needs xmllint (Debian: libxml2-utils) and python3. The check-format-*
# cases run it from their check.sh. Usage: validate.sh FORMAT FILE
set -eu
if [ $# -ne 2 ]; then
    echo "usage: validate.sh junit|json|sarif|github FILE" >&2
    exit 2
fi
format=$1 file=$2
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null; then
    echo "validate.sh: python3 not found (Debian package python3)" >&2
    exit 1
fi
if [ "$format" = junit ]; then
    if ! command -v xmllint >/dev/null; then
        echo "validate.sh: xmllint not found (Debian package libxml2-utils)" >&2
        exit 1
    fi
    # xmllint says "FILE validates" on stderr even on success: show its
    # output only when it fails.
    if ! out=$(xmllint --noout --schema "$here/../unit/data/junit.xsd" \
            "$file" 2>&1); then
        printf '%s\n' "$out"
        exit 1
    fi
fi
exec python3 - "$format" "$file" <<'EOF'
import json, re, sys
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote

fmt, path = sys.argv[1], sys.argv[2]
problems = []

def bad(msg):
    problems.append(msg)

def check_json(data):
    if not isinstance(data, list):
        return bad("not a JSON array")
    keys = {"severity", "rule", "file", "line", "column", "message"}
    for i, f in enumerate(data):
        if not isinstance(f, dict) or set(f) != keys:
            bad(f"finding {i}: keys are not exactly {sorted(keys)}")
            continue
        if f["severity"] not in ("error", "warning"):
            bad(f"finding {i}: severity {f['severity']!r}")
        if not isinstance(f["rule"], str) or not re.fullmatch(
                r"[a-z0-9]+(-[a-z0-9]+)*", f["rule"]):
            bad(f"finding {i}: rule {f['rule']!r}")
        if f["file"] is not None and not isinstance(f["file"], str):
            bad(f"finding {i}: file is neither a string nor null")
        for k in ("line", "column"):
            if type(f[k]) is not int or f[k] < 0:
                bad(f"finding {i}: {k} is not a count")
        if not isinstance(f["message"], str) or not f["message"]:
            bad(f"finding {i}: empty message")

def is_uri_reference(u):
    # Relative reference (RFC 3986): no spaces or other characters that
    # must be percent-encoded, and escapes that decode back to it.
    return (isinstance(u, str) and u != "" and
            re.fullmatch(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+", u) is not None
            and not re.search(r"%(?![0-9A-Fa-f]{2})", u)
            and quote(unquote(u), safe="/") == u)

def check_sarif(log):
    if not isinstance(log, dict):
        return bad("not a JSON object")
    if log.get("version") != "2.1.0":
        bad("version is not \"2.1.0\"")
    if "$schema" in log and not isinstance(log["$schema"], str):
        bad("$schema is not a string")
    runs = log.get("runs")
    if not isinstance(runs, list) or not runs:
        return bad("runs is not a non-empty array")
    for r, run in enumerate(runs):
        driver = run.get("tool", {}).get("driver")
        if not isinstance(driver, dict) or not isinstance(
                driver.get("name"), str) or not driver["name"]:
            bad(f"run {r}: tool.driver.name missing")
            continue
        rules = driver.get("rules", [])
        ids = [x.get("id") for x in rules]
        if not all(isinstance(i, str) and i for i in ids):
            bad(f"run {r}: a rule without an id")
        if len(set(ids)) != len(ids):
            bad(f"run {r}: rule ids repeat")
        for x in rules:
            lvl = x.get("defaultConfiguration", {}).get("level", "warning")
            if lvl not in ("none", "note", "warning", "error"):
                bad(f"run {r}: rule {x.get('id')}: level {lvl!r}")
            if "text" not in x.get("shortDescription", {"text": ""}):
                bad(f"run {r}: rule {x.get('id')}: shortDescription.text")
        if run.get("columnKind", "unicodeCodePoints") not in (
                "utf16CodeUnits", "unicodeCodePoints"):
            bad(f"run {r}: columnKind {run['columnKind']!r}")
        results = run.get("results")
        if not isinstance(results, list):
            bad(f"run {r}: results is not an array")
            continue
        for i, res in enumerate(results):
            where = f"run {r} result {i}"
            msg = res.get("message")
            if not isinstance(msg, dict) or not (
                    isinstance(msg.get("text"), str) or "id" in msg):
                bad(f"{where}: message has neither text nor id")
            if res.get("level", "warning") not in (
                    "none", "note", "warning", "error"):
                bad(f"{where}: level {res['level']!r}")
            if "ruleIndex" in res:
                k = res["ruleIndex"]
                if type(k) is not int or not 0 <= k < len(rules):
                    bad(f"{where}: ruleIndex {k!r} out of range")
                elif ids[k] != res.get("ruleId"):
                    bad(f"{where}: ruleIndex {k} is {ids[k]!r}, "
                        f"ruleId is {res.get('ruleId')!r}")
            for loc in res.get("locations", []):
                phys = loc.get("physicalLocation", {})
                uri = phys.get("artifactLocation", {}).get("uri")
                if not is_uri_reference(uri):
                    bad(f"{where}: uri {uri!r} is not a valid URI reference")
                reg = phys.get("region")
                if reg is None:
                    continue
                for k in ("startLine", "startColumn", "endLine", "endColumn"):
                    if k in reg and (type(reg[k]) is not int or reg[k] < 1):
                        bad(f"{where}: region.{k} is {reg[k]!r}, not >= 1")
                if "startLine" not in reg and "charOffset" not in reg \
                        and "byteOffset" not in reg:
                    bad(f"{where}: region without a start")

def check_junit(root):
    if root.tag != "testsuites":
        return bad("root element is not <testsuites>")
    total = fails = 0
    for s in root.findall("testsuite"):
        cases = s.findall("testcase")
        n_fail = sum(1 for c in cases if c.find("failure") is not None)
        n_err = sum(1 for c in cases if c.find("error") is not None)
        n_skip = sum(1 for c in cases if c.find("skipped") is not None)
        name = s.get("name")
        for attr, n in (("tests", len(cases)), ("failures", n_fail),
                        ("errors", n_err), ("skipped", n_skip)):
            if s.get(attr) is not None and int(s.get(attr)) != n:
                bad(f"suite {name}: {attr}={s.get(attr)}, counted {n}")
        total += len(cases)
        fails += n_fail
        for c in cases:
            if c.find("skipped") is not None and (
                    c.find("failure") is not None or
                    c.find("error") is not None):
                bad(f"suite {name}: {c.get('name')} skipped and failed")
    if int(root.get("tests")) != total:
        bad(f"testsuites tests={root.get('tests')}, counted {total}")
    if int(root.get("failures")) != fails:
        bad(f"testsuites failures={root.get('failures')}, counted {fails}")

def check_github(text):
    prop = r"[a-z]+=[^,:\r\n]*"
    cmd = re.compile(rf"::(error|warning|notice)( {prop}(,{prop})*)?::(.*)")
    for n, line in enumerate(text.split("\n")[:-1], 1):
        m = cmd.fullmatch(line)
        if not m:
            bad(f"line {n}: not a workflow command: {line!r}")
        elif re.search(r"%(?!25|0D|0A|3A|2C)", line):
            bad(f"line {n}: '%' not escaped as %25")
    if not text.endswith("\n"):
        bad("no newline at the end")

with open(path, "rb") as f:
    raw = f.read()
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit(f"{path}: not UTF-8: {e}")
try:
    if fmt == "json":
        check_json(json.loads(text))
    elif fmt == "sarif":
        check_sarif(json.loads(text))
    elif fmt == "junit":
        check_junit(ET.fromstring(raw))
    elif fmt == "github":
        check_github(text)
    else:
        sys.exit(f"validate.sh: unknown format {fmt!r}")
except (ValueError, ET.ParseError) as e:
    sys.exit(f"{path}: does not parse as {fmt}: {e}")
for p in problems:
    print(f"{path}: {p}")
sys.exit(1 if problems else 0)
EOF
