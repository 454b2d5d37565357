# Every HTML page of the default theme carries a Content-Security-Policy
# that allows scripts, styles and images from the site only and no inline
# script or style.
handbook
doc content/a.md POL-001
ib_build
expect_status 0
bad=$(cd "$OUT" && find . -name '*.html' ! -path './assets/*' -print0 | xargs -0 grep -L \
    '<meta http-equiv="Content-Security-Policy" content="[^"]*script-src '"'self'"';[^"]*img-src '"'self'"';' | head -n 5)
[ -z "$bad" ] || fail "pages without the expected CSP: $bad"
if grep -rlq "unsafe-inline\|unsafe-eval" "$OUT" --include='*.html'; then
    fail "a page's CSP allows unsafe-inline or unsafe-eval"
fi
