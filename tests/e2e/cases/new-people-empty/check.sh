set -u
fail=0
grep -qx 'owner: owner' content/policies/cryptography.md ||
    { echo "unexpected owner:"; head -8 content/policies/cryptography.md; fail=1; }
"$E2E_BIN" check --today 2026-11-22 --format json > "$E2E_TMP/check.json"
if grep -q '"owner-unknown"' "$E2E_TMP/check.json"; then
    echo "check rejects the owner new wrote:"
    grep '"owner-unknown"' "$E2E_TMP/check.json"; fail=1
fi
exit $fail
