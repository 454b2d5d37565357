# A newline and a terminal escape in file names: the finding stays one line
# (control characters shown as '?'), and a good one is published and linked
# percent-encoded.
handbook
printf -- '---\nid: X\n' | file "content/$(printf 'a\nb.md')"
printf -- '---\nid: Y\n' | file "content/$(printf 'c\033[31mred.md')"
doc "content/$(printf 'ok\nname.md')" POL-001
doc content/link.md POL-002 '[x](id:POL-001)'
ib_build
expect_status 1
expect_stderr <<'X'
content/a?b.md:1:1: error: front matter opened here is never closed with a '---' line [yaml-syntax]
content/c?[31mred.md:1:1: error: front matter opened here is never closed with a '---' line [yaml-syntax]
X
rm -f "$HB/content/$(printf 'a\nb.md')" "$HB/content/$(printf 'c\033[31mred.md')"
ib_build
expect_status 0
expect_file "$OUT/$(printf 'ok\nname.html')"
expect_in "$OUT/link.html" 'href="ok%0Aname.html"'
