#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks iCalendar files as strictly as a calendar client would, so a golden
# file cannot enshrine a feed that Outlook or Google Calendar would refuse:
#   - RFC 5545 lines: CRLF only, at most 75 octets, folds that start with
#     one space and never split a UTF-8 sequence, content lines that match
#     name *(";" param) ":" value once unfolded;
#   - TEXT values with every backslash, semicolon and comma escaped;
#   - a VCALENDAR with VERSION 2.0, PRODID, CALSCALE, METHOD and at least
#     one VEVENT; each VEVENT with one UID (unique in the file), DTSTAMP,
#     an all-day DTSTART;VALUE=DATE that is a real date, DTEND the day
#     after, and SUMMARY;
#   - and the whole file parsed by the python icalendar library (Debian
#     package python3-icalendar), whose events must agree with the above.
# Usage: validate-ics.sh FILE...
set -eu
if [ $# -lt 1 ]; then
    echo "usage: validate-ics.sh FILE..." >&2
    exit 2
fi
# Debian's python3-icalendar is installed for the system python, which may
# not be the first python3 on PATH.
py=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import icalendar' \
            2>/dev/null; then
        py=$p
        break
    fi
done
if [ -z "$py" ]; then
    echo "validate-ics.sh: no python3 with the icalendar module" \
        "(Debian package python3-icalendar; make deps installs it)" >&2
    exit 1
fi
exec "$py" - "$@" <<'EOF'
import datetime, re, sys
import icalendar

NAME = r"[A-Za-z0-9-]+"
PARAM = rf'{NAME}=(?:"[^"\x00-\x1f]*"|[^";:,\x00-\x1f]*)' \
        rf'(?:,(?:"[^"\x00-\x1f]*"|[^";:,\x00-\x1f]*))*'
LINE = re.compile(rf"({NAME})((?:;{PARAM})*):(.*)", re.S)
TEXT_PROPS = {"SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "PRODID", "UID"}

def check(path):
    bad = []
    raw = open(path, "rb").read()
    if not raw.endswith(b"\r\n"):
        bad.append("does not end with CRLF")
    if re.search(rb"(?<!\r)\n", raw) or re.search(rb"\r(?!\n)", raw):
        bad.append("a line break that is not CRLF")
    physical = raw.split(b"\r\n")[:-1]
    lines = []
    for n, pl in enumerate(physical, 1):
        if len(pl) > 75:
            bad.append(f"line {n}: {len(pl)} octets (more than 75)")
        try:
            pl.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(f"line {n}: not UTF-8 on its own (a fold splits a "
                       f"character?)")
        if pl[:1] in (b" ", b"\t"):
            if not lines:
                bad.append(f"line {n}: continuation without a line")
                continue
            lines[-1] = (lines[-1][0], lines[-1][1] + pl[1:])
        else:
            lines.append((n, pl))
    props = []
    for n, ul in lines:
        try:
            text = ul.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(f"line {n}: not UTF-8")
            continue
        if re.search(r"[\x00-\x08\x0a-\x1f\x7f]", text):
            bad.append(f"line {n}: control character")
        m = LINE.fullmatch(text)
        if not m:
            bad.append(f"line {n}: not a content line: {text[:40]!r}")
            continue
        name, params, value = m.group(1).upper(), m.group(2), m.group(3)
        if name in TEXT_PROPS:
            rest = re.sub(r"\\[\\;,nN]", "", value)
            if re.search(r"[\\;,]", rest):
                bad.append(f"line {n}: {name} has an unescaped "
                           f"backslash, semicolon or comma")
        props.append((n, name, params, value))

    # Structure: one VCALENDAR holding VEVENTs.
    if not props or props[0][1:] != ("BEGIN", "", "VCALENDAR") or \
            props[-1][1:] != ("END", "", "VCALENDAR"):
        bad.append("not one BEGIN:VCALENDAR ... END:VCALENDAR")
    cal, events, cur, uids = {}, [], None, set()
    for n, name, params, value in props[1:-1]:
        if name == "BEGIN":
            if cur is not None or value != "VEVENT":
                bad.append(f"line {n}: unexpected BEGIN:{value}")
            cur = {"_line": n}
        elif name == "END":
            if cur is None or value != "VEVENT":
                bad.append(f"line {n}: unexpected END:{value}")
            else:
                events.append(cur)
            cur = None
        elif cur is not None:
            if name in cur and name in ("UID", "DTSTAMP", "DTSTART", "DTEND",
                                        "SUMMARY", "DESCRIPTION", "URL"):
                bad.append(f"line {n}: {name} twice in one event")
            cur[name] = (params, value)
        else:
            cal.setdefault(name, []).append(value)
    for key, want in (("VERSION", "2.0"), ("CALSCALE", "GREGORIAN"),
                      ("METHOD", "PUBLISH")):
        if cal.get(key) != [want]:
            bad.append(f"calendar {key} is {cal.get(key)}, not [{want!r}]")
    for key in ("PRODID", "X-WR-CALNAME"):
        if len(cal.get(key, [])) != 1:
            bad.append(f"calendar needs one {key}")
    if not events:
        bad.append("no VEVENT (RFC 5545 wants at least one component)")
    for ev in events:
        where = f"event at line {ev['_line']}"
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            if key not in ev:
                bad.append(f"{where}: no {key}")
        if "UID" in ev:
            if ev["UID"][1] in uids:
                bad.append(f"{where}: UID {ev['UID'][1]} repeats")
            uids.add(ev["UID"][1])
        if "DTSTAMP" in ev and not re.fullmatch(r"\d{8}T\d{6}Z",
                                                ev["DTSTAMP"][1]):
            bad.append(f"{where}: DTSTAMP {ev['DTSTAMP'][1]!r} is not UTC")
        days = []
        for key in ("DTSTART", "DTEND"):
            if key not in ev:
                continue
            params, value = ev[key]
            if params.upper() != ";VALUE=DATE":
                bad.append(f"{where}: {key} is not VALUE=DATE")
            try:
                days.append(datetime.datetime.strptime(value, "%Y%m%d").date())
            except ValueError:
                bad.append(f"{where}: {key} {value!r} is not a date")
        if len(days) == 2 and days[1] - days[0] != datetime.timedelta(1):
            bad.append(f"{where}: DTEND is not the day after DTSTART")

    # A real parser must read the same events.
    try:
        parsed = icalendar.Calendar.from_ical(raw)
    except Exception as e:  # the library raises ValueError and others
        bad.append(f"icalendar cannot parse it: {e}")
        return bad
    pevents = parsed.walk("VEVENT")
    if len(pevents) != len(events):
        bad.append(f"icalendar reads {len(pevents)} events, not {len(events)}")
    for pe, ev in zip(pevents, events):
        start = pe.decoded("DTSTART")
        if isinstance(start, datetime.datetime) or \
                start.strftime("%Y%m%d") != ev.get("DTSTART", ("", ""))[1]:
            bad.append(f"icalendar reads DTSTART {start!r} for the event at "
                       f"line {ev['_line']}")
        summary = str(pe.get("SUMMARY"))
        unescaped = re.sub(r"\\([\\;,])", r"\1",
                           ev.get("SUMMARY", ("", ""))[1])
        if summary != unescaped:
            bad.append(f"icalendar reads SUMMARY {summary!r}, not "
                       f"{unescaped!r}")
    return bad

status = 0
for path in sys.argv[1:]:
    for problem in check(path):
        print(f"{path}: {problem}")
        status = 1
sys.exit(status)
EOF
