# Building again into the same OUT: a page whose bytes did not change
# keeps its file (linked from the previous site), a changed one is new,
# and after every kind of edit — a body, a document added, renamed or
# deleted, a template, a filter, handbook.yaml — the site is byte for byte
# the site a clean build makes, whatever -j.
repo=$(cd "$(dirname "$0")/../../../.." && pwd)
out=$E2E_TMP/inc
wrap=${IB_WRAP:-}
fail() { echo "$*"; exit 1; }
build() { # build ARGS: into OUT, no findings allowed beyond the pinned ones
    $wrap "$E2E_BIN" build -o "$out" --today 2026-11-22 "$@" \
        2>"$E2E_TMP/err" || { cat "$E2E_TMP/err"; fail "build $* failed"; }
}
same_as_clean() {
    rm -rf "$E2E_TMP/clean"
    $wrap "$E2E_BIN" build -o "$E2E_TMP/clean" -j 1 --today 2026-11-22 \
        --no-cache 2>/dev/null || fail "clean build after $1 failed"
    diff -r "$out" "$E2E_TMP/clean" >"$E2E_TMP/diff" ||
        { head -n 20 "$E2E_TMP/diff"; fail "after $1 the site differs from a clean build"; }
}
ino() { stat -c %i "$out/$1"; }

cp -R "$repo/themes" themes
cache_dir=$XDG_CACHE_HOME/ismsbook
build -j 2
[ "$(ls "$cache_dir"/*.cache 2>/dev/null | wc -l)" = 1 ] ||
    fail "a build left no cache file in $cache_dir"
kept=$(ino policies/access-control.html)
edited=$(ino guidelines/passwords.html)
index=$(ino search-index.json)
isms=$(ino isms.json)
printf '\nA paragraph added later.\n' >>content/guidelines/passwords.md
build -j 3
[ "$(ino policies/access-control.html)" = "$kept" ] ||
    fail "a page that did not change was written again"
[ "$(ino guidelines/passwords.html)" != "$edited" ] ||
    fail "the edited document's page was not written"
[ "$(ino search-index.json)" != "$index" ] ||
    fail "the search index was not written after an edit"
# Written piece by piece, and unchanged by a body edit: kept like a page.
[ "$(ino isms.json)" = "$isms" ] ||
    fail "isms.json did not change but was written again"
grep -q "A paragraph added later" "$out/guidelines/passwords.html" ||
    fail "the edited page lacks the new text"
same_as_clean "a body edit"

# The body cache: bodies made by an earlier build are taken as they are,
# findings included, and a new title reaches every page that links to it.
sed -i 's/^title: Access Control Policy$/title: Access Policy/' \
    content/policies/access-control.md
grep -q 'title: Access Policy' content/policies/access-control.md ||
    fail "the test's title edit did not apply"
build -j 2
grep -q '>Access Policy</a>' "$out/policies/information-security.html" ||
    fail "a [[wiki link]] does not show the new title"
same_as_clean "a new title of a linked document"
# The second link sits on a deeper continuation line, where cmark-gfm's
# column is off; the cached body must keep the corrected one.
printf '\nSee [gone](no-such.md) and\n    the [missing part](access-control.md#no-such-heading).\n' \
    >>content/policies/information-security.md
last=$(wc -l <content/policies/information-security.md)
for run in first cached; do
    $wrap "$E2E_BIN" build -o "$out" --today 2026-11-22 2>"$E2E_TMP/err.$run" &&
        fail "the $run build of a broken anchor succeeded"
done
grep -q 'anchor-broken' "$E2E_TMP/err.first" && grep -q 'link-broken' "$E2E_TMP/err.first" ||
    fail "no link-broken and anchor-broken: $(cat "$E2E_TMP/err.first")"
cmp -s "$E2E_TMP/err.first" "$E2E_TMP/err.cached" ||
    fail "a cached body reported other findings: $(diff "$E2E_TMP/err.first" "$E2E_TMP/err.cached")"
grep -q "information-security.md:$last:9: error: .*anchor-broken" "$E2E_TMP/err.cached" ||
    fail "the anchor-broken is not at the '[' ($last:9): $(cat "$E2E_TMP/err.cached")"
sed -i '$d' content/policies/information-security.md
sed -i '$d' content/policies/information-security.md
sed -i '$d' content/policies/information-security.md
build -j 2
same_as_clean "mending a broken anchor"
for f in "$cache_dir"/*.cache; do
    head -c 2000 "$f" >"$f.part" && mv "$f.part" "$f"
done
build -j 2
same_as_clean "a truncated cache file"
for f in "$cache_dir"/*.cache; do
    printf 'not a cache' >"$f"
done
build -j 1
same_as_clean "a cache file of garbage"

cat >content/guidelines/travel.md <<'MD'
---
id: GUI-009
title: Travel Guideline
type: guideline
owner: it-lead
status: draft
last_reviewed: 2026-01-10
classification: internal
---

Take only the laptop you need; see [[POL-002]].
MD
build -j 1
same_as_clean "adding a document"
mv content/guidelines/travel.md content/guidelines/trips.md
build -j 2
[ ! -e "$out/guidelines/travel.html" ] || fail "a renamed document's old page is still there"
same_as_clean "renaming a document"
rm content/guidelines/trips.md
build -j 4
[ ! -e "$out/guidelines/trips.html" ] || fail "a deleted document's page is still there"
same_as_clean "deleting a document"

# Files beside the documents: their names are part of every body's key
# (a link finds one or not), their bytes are copied by every build.
printf 'PNG one\n' >content/guidelines/keys.png
printf '\n![A security key](keys.png)\n' >>content/guidelines/passwords.md
build -j 2
cmp -s content/guidelines/keys.png "$out/guidelines/keys.png" ||
    fail "a linked file was not published"
same_as_clean "adding a linked file"
printf 'PNG two\n' >content/guidelines/keys.png
build -j 2
cmp -s content/guidelines/keys.png "$out/guidelines/keys.png" ||
    fail "an edited linked file was not copied again"
same_as_clean "editing a linked file"
mv content/guidelines/keys.png content/guidelines/key.png
$wrap "$E2E_BIN" build -o "$out" --today 2026-11-22 2>"$E2E_TMP/err.cached" &&
    fail "a link to a renamed file did not fail the build"
grep -q "'keys.png' is not a file of this handbook" "$E2E_TMP/err.cached" ||
    fail "no link-broken for a renamed file: $(cat "$E2E_TMP/err.cached")"
sed -i 's/(keys.png)/(key.png)/' content/guidelines/passwords.md
build -j 2
[ ! -e "$out/guidelines/keys.png" ] || fail "a renamed file's old name is still there"
same_as_clean "renaming a linked file"
rm content/guidelines/key.png
$wrap "$E2E_BIN" build -o "$out" --today 2026-11-22 2>"$E2E_TMP/err.cached" &&
    fail "a link to a deleted file did not fail the build"
$wrap "$E2E_BIN" build -o "$E2E_TMP/gone" --today 2026-11-22 --no-cache \
    2>"$E2E_TMP/err.clean"
cmp -s "$E2E_TMP/err.clean" "$E2E_TMP/err.cached" ||
    fail "a cached body reported other findings: $(diff "$E2E_TMP/err.clean" "$E2E_TMP/err.cached")"
printf 'PNG three\n' >content/guidelines/key.png
build -j 1
same_as_clean "a deleted linked file back"
sed -i '$d' content/guidelines/passwords.md
sed -i '$d' content/guidelines/passwords.md
build -j 2
[ ! -e "$out/guidelines/key.png" ] || fail "a file no longer linked is still published"
same_as_clean "removing the link to a file"
rm content/guidelines/key.png

# --max-classification: the limit in force is part of every body's key,
# since it decides which links are classification leaks. A build that
# publishes the confidential plan, then one that does not, gives the
# clean build's site.
build -j 2 --max-classification restricted
[ -e "$out/policies/crisis-plan.html" ] ||
    fail "--max-classification restricted did not publish the confidential plan"
build -j 2
[ ! -e "$out/policies/crisis-plan.html" ] ||
    fail "the confidential plan is still there after a build without the option"
same_as_clean "a build with --max-classification restricted"
# A body made while its link to the plan was fine (the plan published)
# still reports the classification-leak under the lower limit, as a
# build without a cache does, and the build fails.
printf '\nIn a crisis, follow the [[PLN-001]].\n' >>content/guidelines/passwords.md
build -j 2 --max-classification confidential
grep -q 'Zebra Crisis Plan</a>' "$out/guidelines/passwords.html" ||
    fail "--max-classification confidential: no link to the plan"
$wrap "$E2E_BIN" build -o "$out" --today 2026-11-22 2>"$E2E_TMP/err.cached" &&
    fail "a body cached under a higher limit hid its classification-leak"
$wrap "$E2E_BIN" build -o "$E2E_TMP/leak" --today 2026-11-22 --no-cache \
    2>"$E2E_TMP/err.clean"
grep -q 'classification-leak' "$E2E_TMP/err.clean" ||
    fail "no classification-leak without a cache: $(cat "$E2E_TMP/err.clean")"
cmp -s "$E2E_TMP/err.clean" "$E2E_TMP/err.cached" ||
    fail "a cached body reported other findings: $(diff "$E2E_TMP/err.clean" "$E2E_TMP/err.cached")"
[ -e "$out/policies/crisis-plan.html" ] ||
    fail "the failed build changed the previous site"
sed -i '$d' content/guidelines/passwords.md
sed -i '$d' content/guidelines/passwords.md
build -j 2
same_as_clean "removing the link to the confidential plan"

# Raw HTML under raw_html: sanitize: its links are resolved, checked and
# publish files like Markdown's, and a cached body does the same.
cp handbook.yaml "$E2E_TMP/handbook.yaml"
printf 'markdown:\n  raw_html: sanitize\n' >>handbook.yaml
printf 'PNG raw\n' >content/guidelines/raw.png
printf '\n<p><img src="raw.png" alt="raw"> <a href="../policies/access-control.md#%s">raw</a></p>\n' \
    'personlige-konti' >>content/guidelines/passwords.md
build -j 2
cmp -s content/guidelines/raw.png "$out/guidelines/raw.png" ||
    fail "a file only raw HTML links to was not published"
grep -q 'href="../policies/access-control.html#personlige-konti"' \
    "$out/guidelines/passwords.html" || fail "a raw HTML link was not resolved"
build -j 1
same_as_clean "raw HTML links, cached"
printf '\n<p><a href="gone.md">x</a> <img src="gone.png"></p>\n' \
    >>content/guidelines/passwords.md
for run in first cached; do
    $wrap "$E2E_BIN" build -o "$out" --today 2026-11-22 2>"$E2E_TMP/err.$run" &&
        fail "the $run build of a broken raw HTML link succeeded"
done
grep -q "'gone.md' is not a document" "$E2E_TMP/err.first" ||
    fail "no link-broken for raw HTML: $(cat "$E2E_TMP/err.first")"
cmp -s "$E2E_TMP/err.first" "$E2E_TMP/err.cached" ||
    fail "a cached body reported other findings: $(diff "$E2E_TMP/err.first" "$E2E_TMP/err.cached")"
for i in 1 2 3 4; do sed -i '$d' content/guidelines/passwords.md; done
rm content/guidelines/raw.png
cp "$E2E_TMP/handbook.yaml" handbook.yaml
build -j 2
[ ! -e "$out/guidelines/raw.png" ] || fail "a file no longer linked is still published"
same_as_clean "removing raw HTML links"

printf '{{! edited }}\n<p class="edited">edited</p>\n' \
    >>themes/default/templates/document.mustache
build -j 2
grep -q 'class="edited"' "$out/policies/access-control.html" ||
    fail "a template edit did not reach the pages"
same_as_clean "a template edit"

mkdir -p filters
cat >filters/extra.lua <<'LUA'
return { document = function(doc) doc.extra.note = "from a filter" end }
LUA
printf 'filters: [filters/extra.lua]\n' >>handbook.yaml
build -j 2
same_as_clean "adding a filter"
sed -i 's/from a filter/changed by the filter/' filters/extra.lua
build -j 3
same_as_clean "editing a filter"

sed -i 's/^title: Fjordvik Security Handbook/title: Fjordvik Handbook/' handbook.yaml
build -j 2
grep -q "Fjordvik Handbook" "$out/index.html" || fail "a new site title did not reach the pages"
same_as_clean "editing handbook.yaml"
exit 0
