#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks every .html page of a built site for what hostile Markdown must
never produce: a <script> other than the theme's own (src below assets/),
an event-handler attribute (on*=), a URL attribute with a javascript:,
vbscript:, data: or file: scheme (after the entity decoding and the
whitespace and control-character stripping a browser does), a src that
loads from another host, and active elements (iframe, object, embed,
base, form, meta refresh). Prints one line per problem; exit 1 if any.

A page over 512 KiB (pathological input makes some) is checked by a
regular-expression scan of its tags instead of html.parser, which is too
slow for it; the theme's pages and the hostile-HTML cases are small.

Usage: htmlcheck.py SITE-DIR [PAGE...]   (PAGE: paths relative to SITE-DIR;
                                          default: every page)"""
import html.parser
import os
import re
import sys

URL_ATTRS = {"href", "src", "action", "formaction", "poster", "background",
             "xlink:href", "data", "codebase", "cite", "srcset", "ping",
             "manifest", "longdesc", "icon"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
ACTIVE = {"iframe", "object", "embed", "base", "frame", "frameset",
          "applet", "portal", "svg", "math"}
# The default theme's own script tags.
THEME_SCRIPT = re.compile(r'^(\.\./)*assets/[A-Za-z0-9._-]+\.js$')
# The default theme's search form.
THEME_FORM = re.compile(r'^(?![A-Za-z][A-Za-z0-9+.-]*:|//)[A-Za-z0-9./_-]*search\.html$')


def url_norm(v):
    # Browsers drop ASCII tab and newline anywhere in a URL, and leading
    # and trailing C0 controls and spaces.
    v = re.sub(r'[\t\n\r]', '', v)
    return v.strip('\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f'
                   '\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c'
                   '\x1d\x1e\x1f ').lower()


class Checker(html.parser.HTMLParser):
    def __init__(self, path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.problems = []

    def bad(self, msg):
        line, col = self.getpos()
        self.problems.append("%s:%d:%d: %s" % (self.path, line, col + 1, msg))

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not THEME_SCRIPT.match(src):
                self.bad("script element %r" % (attrs,))
        if tag == "form" and not THEME_FORM.match(dict(attrs).get("action") or ""):
            self.bad("form %r" % (attrs,))
        if tag in ACTIVE:
            self.bad("active element <%s>" % tag)
        if tag == "meta":
            a = dict(attrs)
            if (a.get("http-equiv") or "").lower() == "refresh":
                self.bad("meta refresh")
        for name, value in attrs:
            name = name.lower()
            value = value or ""
            if name.startswith("on"):
                self.bad("event handler %s=%r on <%s>" % (name, value, tag))
            if name == "style" and re.search(r'url\s*\(|expression\s*\(', value, re.I):
                self.bad("style with url()/expression(): %r" % value)
            if name in URL_ATTRS:
                parts = [value] if name != "srcset" else value.split(",")
                for part in parts:
                    u = url_norm(part)
                    if u.startswith(BAD_SCHEMES):
                        self.bad("%s=%r on <%s>" % (name, value, tag))
                    if name != "href" and name != "cite" and (
                            u.startswith("//") or u.startswith("\\\\") or
                            re.match(r'^[a-z][a-z0-9+.-]*:', u)):
                        self.bad("%s loads from another host: %r on <%s>"
                                 % (name, value, tag))

    handle_startendtag = handle_starttag


TAG = re.compile(r'<([A-Za-z][A-Za-z0-9:-]*)(\s[^>]*)?/?>')
ATTR = re.compile(r'([^\s"\'>/=]+)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s"\'=<>`]+)))?')


class FastChecker(Checker):
    """The same checks on tags found by a regular expression."""

    def __init__(self, path):
        super().__init__(path)
        self.offset = 0

    def getpos(self):
        return (0, self.offset)

    def feed(self, text):
        for m in TAG.finditer(text):
            tag = m.group(1).lower()
            rest = m.group(2)
            if not rest and tag not in ACTIVE and tag != "script":
                continue
            self.offset = m.start()
            attrs = []
            for a in ATTR.finditer(rest or ""):
                v = a.group(2) if a.group(2) is not None else (
                    a.group(3) if a.group(3) is not None else a.group(4))
                attrs.append((a.group(1).lower(),
                              html.unescape(v) if v is not None else None))
            self.handle_starttag(tag, attrs)

    def close(self):
        pass


def pages(root, only):
    if only:
        for rel in only:
            yield os.path.join(root, rel), rel
        return
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith((".html", ".htm", ".xhtml", ".svg")):
                continue
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root)
            if rel.startswith("assets" + os.sep):
                continue
            yield p, rel


def main():
    root = sys.argv[1]
    problems = []
    if True:
        for p, rel in pages(root, sys.argv[2:]):
            if not os.path.isfile(p):
                problems.append("%s: no such page" % rel)
                continue
            with open(p, "rb") as fh:
                raw = fh.read()
            text = raw.decode("utf-8", "replace")
            # The raw text too: a parser's view can differ from a browser's.
            for m in re.finditer(r'<script\b[^>]*>', text, re.I):
                src = re.search(r'\bsrc="([^"]*)"', m.group(0))
                if not src or not THEME_SCRIPT.match(src.group(1)):
                    problems.append("%s: raw %s" % (rel, m.group(0)[:80]))
            c = Checker(rel) if len(raw) <= 512 * 1024 else FastChecker(rel)
            c.feed(text)
            c.close()
            problems += c.problems
    for p in problems[:50]:
        print(p)
    if problems:
        print("%d problems" % len(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
