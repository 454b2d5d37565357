# Percent-encoded schemes and separators. A browser does not decode %xx in
# a scheme, but nothing resembling javascript: may come out either way.
handbook
doc content/a.md POL-001 "$(printf '%s\n' \
 '[a](%6Aavascript:alert(1)) [b](javascript%3Aalert(2)) [c](java%09script:alert(3))' \
 '[d](java%0Ascript:alert(4)) [e](%20javascript:alert(5)) [f](javascript:%61lert(6))')"
ib_build
expect_status 0
expect_site_safe a.html
for p in "$OUT"/a.html; do
    if grep -qiE 'href="[^"]*java(%0[9aAdD]|%09|[[:space:]])*script(:|%3a)' "$p"; then
        fail "a javascript: href survived in $p"
    fi
done
