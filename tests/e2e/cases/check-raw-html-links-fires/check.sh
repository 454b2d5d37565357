# build refuses the active file as check does, and publishes none of it.
cat >content/guide.md <<'MD'
---
id: GL-001
title: Clear Desk Guideline
type: guideline
owner: ciso
---

<p><img alt="" src="logo.svg"> <a href="isms.md#scope">scope</a></p>
MD
"$E2E_BIN" build -o "$E2E_TMP/site" --today 2026-11-22 2>"$E2E_TMP/err" &&
    { echo "a page linking an .svg of content/ was built"; exit 1; }
grep -q "^content/guide.md:8:16: error: 'logo.svg' is not a file of this handbook .*script.*\[link-broken\]" \
    "$E2E_TMP/err" || { cat "$E2E_TMP/err"; exit 1; }
[ ! -e "$E2E_TMP/site/logo.svg" ] || { echo "logo.svg was published"; exit 1; }
exit 0
