#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints the Markdown body of a pathological input, by name. Most are
cmark's own (test/pathological_tests.py of commonmark/cmark and
github/cmark-gfm), some at sizes that keep a document under 4 MiB.
Usage: patho.py NAME"""
import sys


def table(cols, rows):
    return ("|" + "a|" * cols + "\n|" + "-|" * cols + "\n" +
            ("|" + "x|" * cols + "\n") * rows)


CASES = {
    "nested-strong-emph": lambda: ("*a **a " * 65000) + "b" + (" a** a*" * 65000),
    "emph-closers": lambda: "a_ " * 65000,
    "emph-openers": lambda: "_a " * 65000,
    "link-closers": lambda: "a]" * 65000,
    "link-openers": lambda: "[a" * 65000,
    "mismatched-openers": lambda: "*a_ " * 50000,
    "openers-multiple-of-3": lambda: "a**b" + ("c* " * 50000),
    "link-openers-emph-closers": lambda: "[ a_" * 50000,
    "bracket-paren": lambda: "[ (](" * 80000,
    "image-link-run": lambda: "![[]()" * 160000,
    "nested-brackets": lambda: ("[" * 50000) + "a" + ("]" * 50000),
    "nested-blockquotes": lambda: ("> " * 50000) + "a",
    "deeply-nested-lists": lambda: "".join("  " * x + "* a\n" for x in range(1000)),
    "backticks": lambda: "".join("e" + "`" * x for x in range(1, 2700)),
    "unclosed-links-a": lambda: "[a](<b" * 30000,
    "unclosed-links-b": lambda: "[a](b" * 30000,
    "unclosed-comment": lambda: "</" + "<!--" * 300000,
    "table-cr-vt": lambda: "aaa\rbbb\n-\v\n" * 30000,
    "empty-lines-nested-lists": lambda: "- " * 30000 + "x" + "\n" * 30000,
    "empty-lines-nested-lists-bq": lambda: "> " + "- " * 30000 + "x\n" + ">\n" * 30000,
    "emph-deep-blockquote": lambda: ">" * 100000 + "a*" * 100000,
    "table-many-columns": lambda: table(5000, 200),
    "table-columns-rows": lambda: "|" + "a|" * 1000 + "\n|" + "-|" * 1000 + "\n" + "x\n" * 20000,
    "many-references": lambda: "".join("[%d]: u\n" % x for x in range(1, 80000)) + "[0] " * 5000,
    "autolink-www": lambda: "www." + "a_" * 200000,
    "footnote-refs": lambda: "".join("[^%d]\n\n[^%d]: x\n" % (i, i) for i in range(20000)),
    "strikethrough-run": lambda: "~~a " * 100000,
    "headings-many": lambda: "".join("## h\n" for _ in range(50000)),
}

if __name__ == "__main__":
    sys.stdout.write(CASES[sys.argv[1]]() + "\n")
