#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes one handbook per pathological input into OUTDIR/<name>/: the
# inputs of cmark's and cmark-gfm's test/pathological_tests.py (at their
# sizes, or larger), plus deep nesting and wide tables. Prints one line per
# case: NAME EXPECT, where EXPECT is "ok" (builds, fast) or the text its
# document-too-complex finding must hold. Usage: pathological.py OUTDIR
import itertools
import os
import sys


def collisions(count=50000):
    def badhash(ref):
        h = 0
        for c in ref:
            h = (ord(c) + ((h << 6) & 0xFFFFFFFF) + ((h << 16) & 0xFFFFFFFF)
                 - h) & 0xFFFFFFFF
        return h % 16 == 0
    keys = (k for k in ("x%d" % i for i in itertools.count()) if badhash(k))
    keys = itertools.islice(keys, count)
    bad = next(keys)
    return "".join("[%s]: /url\n\n[%s]\n\n" % (k, bad) for k in keys)


NEST = "nest deeper than 100 levels"
PIPES = "more than 1000 '|' in one line"
CELLS = "more than 200000 table cells"
BRACKETS = "more than 10000 '[' in one paragraph"
AT = "more than 1000 '@' in one line"

CASES = [
    ("nested-strong-emph", ("*a **a " * 65000) + "b" + (" a** a*" * 65000), "ok"),
    ("emph-closers-no-openers", "a_ " * 65000, "ok"),
    ("emph-openers-no-closers", "_a " * 65000, "ok"),
    ("link-closers-no-openers", "a]" * 65000, "ok"),
    ("link-openers-no-closers", "[a" * 65000, BRACKETS),
    ("mismatched-openers-closers", "*a_ " * 50000, "ok"),
    ("openers-closers-multiple-of-3", "a**b" + ("c* " * 50000), "ok"),
    ("link-openers-emph-closers", "[ a_" * 50000, BRACKETS),
    ("pattern-bracket-paren", "[ (](" * 80000, BRACKETS),
    ("pattern-image-link", "![[]()" * 160000, BRACKETS),
    ("hard-link-emph", "**x [a*b**c*](d)", "ok"),
    ("nested-brackets", "[" * 50000 + "a" + "]" * 50000, BRACKETS),
    ("nested-block-quotes", "> " * 50000 + "a", NEST),
    ("deeply-nested-lists", "".join("  " * x + "* a\n" for x in range(1000)), "ok"),
    ("backticks", "".join("e" + "`" * x for x in range(1, 2500)), "ok"),
    ("unclosed-links-a", "[a](<b" * 50000, BRACKETS),
    ("unclosed-links-b", "[a](b" * 50000, BRACKETS),
    ("unclosed-html-comment", "</" + "<!--" * 300000, "ok"),
    ("tables-cr-vt", "aaa\rbbb\n-\v\n" * 30000, "ok"),
    ("tables-cr-vt-100000", "aaa\rbbb\n-\v\n" * 100000, CELLS),
    ("many-references", "".join("[%d]: u\n" % x for x in range(1, 50000 * 4))
     + "[0] " * 50000, BRACKETS),
    ("reference-collisions", collisions(), "ok"),
    ("nested-list-markers", "* " * 50000 + "a", NEST),
    ("nested-ordered-markers", "1. " * 50000 + "a", NEST),
    ("table-wide-header", "|" + "a|" * 50000 + "\n|" + "-|" * 50000 + "\n", PIPES),
    ("table-wide-row", "| a | b |\n|---|---|\n" + "|" * 50000 + "\n", PIPES),
    ("table-autocompleted-cells", "|" + "x|" * 900 + "\n|" + "-|" * 900
     + "\n" + "a\n" * 100000, CELLS),
    ("email-autolinks", "a@b.c " * 20000 + "x " * 1000000, AT),
    ("many-emph-stars", "*" * 100000 + "a", "ok"),
    ("many-underscores", "_" * 100000 + "a" + "_" * 100000, "ok"),
]

out = sys.argv[1]
for name, body, expect in CASES:
    d = os.path.join(out, name)
    os.makedirs(os.path.join(d, "content"), exist_ok=True)
    with open(os.path.join(d, "handbook.yaml"), "w") as f:
        f.write("title: Pathological\n")
    # The file cmark's "[...](d)" links to: a relative link to a file
    # beside the document must find it (or be link-broken).
    with open(os.path.join(d, "content", "d"), "w") as f:
        f.write("d\n")
    with open(os.path.join(d, "content", "x.md"), "w", newline="") as f:
        f.write("---\nid: X\ntitle: X\ntype: policy\nowner: me\n---\n")
        f.write(body + "\n")
    print(name, expect)
