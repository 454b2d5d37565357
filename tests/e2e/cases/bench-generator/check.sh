# tests/bench/gen-handbook.sh stays usable: the same N gives the same bytes,
# and the handbook builds (no finding at all) and checks with no error
# (review-due-soon warnings only) at the date it is made for.
repo=$(cd "$(dirname "$0")/../../../.." && pwd)
gen="$repo/tests/bench/gen-handbook.sh"
sh "$gen" 150 "$E2E_TMP/a" >/dev/null && sh "$gen" 150 "$E2E_TMP/b" >/dev/null ||
    { echo "gen-handbook.sh failed"; exit 1; }
diff -r "$E2E_TMP/a" "$E2E_TMP/b" >/dev/null ||
    { echo "gen-handbook.sh is not deterministic"; exit 1; }
[ "$(find "$E2E_TMP/a/content" -name '*.md' | wc -l)" -eq 150 ] ||
    { echo "gen-handbook.sh did not write 150 documents"; exit 1; }
cp -R "$repo/themes" "$E2E_TMP/a/themes"
(cd "$E2E_TMP/a" && "$E2E_BIN" build --today 2026-12-01 -o "$E2E_TMP/site") \
    2>"$E2E_TMP/build.err" || { echo "build failed:"; cat "$E2E_TMP/build.err"; exit 1; }
[ ! -s "$E2E_TMP/build.err" ] || { echo "build findings:"; cat "$E2E_TMP/build.err"; exit 1; }
(cd "$E2E_TMP/a" && "$E2E_BIN" check --today 2026-12-01 --format json) \
    >"$E2E_TMP/check.json"
python3 - "$E2E_TMP/check.json" <<'PY' || exit 1
import json, sys
findings = json.load(open(sys.argv[1]))
other = [f for f in findings if f["rule"] != "review-due-soon"]
for f in other[:20]:
    print(f"{f['file']}:{f['line']}: {f['severity']}: {f['message']} [{f['rule']}]")
sys.exit(1 if other else 0)
PY
