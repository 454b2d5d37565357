# Two files whose names are the same title in NFC and NFD (distinct bytes
# on Linux, one file on macOS): two pages when ids differ; with ids
# derived from the path, one clear id-duplicate, not a crash or a clobber.
handbook
doc "content/$(printf 'caf\xc3\xa9.md')" POL-001
doc "content/$(printf 'cafe\xcc\x81.md')" POL-002
ib_build
expect_status 0
expect_file "$OUT/$(printf 'caf\xc3\xa9.html')"
expect_file "$OUT/$(printf 'cafe\xcc\x81.html')"
printf 'title: T\nfront_matter: optional\nderive:\n  id: path\n  title: heading\n' | handbook_yaml
printf -- '---\ntype: policy\nowner: ciso\n---\n\nBody.\n' | file "content/$(printf 'caf\xc3\xa9.md')"
printf -- '---\ntype: policy\nowner: ciso\n---\n\nBody.\n' | file "content/$(printf 'cafe\xcc\x81.md')"
ib_build
expect_status_in "0 1"
if [ "$STATUS" = 1 ]; then
    expect_err_re "content/.*\.md:1:1: error: .* \[id-duplicate\]"
fi
