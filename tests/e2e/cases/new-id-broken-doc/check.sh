set -u
grep -qx 'id: POL-008' content/policies/cryptography.md ||
    { echo "unexpected id:"; head -4 content/policies/cryptography.md; exit 1; }
