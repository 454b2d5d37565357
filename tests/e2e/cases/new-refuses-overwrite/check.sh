cmp content/policies/cryptography.md original.md &&
[ -z "$(ls -A content/policies | grep -v -x cryptography.md)" ]
