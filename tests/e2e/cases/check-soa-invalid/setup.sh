# The shared handbook of the check cases: tests/e2e/check-base/README.
sh "$(dirname "$0")/../../check-base/use.sh"
# Mistakes: an unknown key on line 1, three changed decisions (lines
# 94-96), and four entries appended (lines 97-100).
done='{ excluded: true, justification: n/a, status: done }'
sed -i -e '1s/.*/version: 1/' \
    -e 's|^  A\.8\.32: .*|  A.8.32: { excluded: yes, justification: n/a }|' \
    -e "s|^  A\\.8\\.33: .*|  A.8.33: $done|" \
    -e 's|^  A\.8\.34: .*|  A.8.34: { excluded: true, justifcation: n/a }|' \
    soa.yaml
cat >>soa.yaml <<'YAML'
  A.5.99: { excluded: true, justification: no such control }
  A.9.1.1: { status: implemented }
  A.18.2.3: { status: implemented }
  5.1: { status: planned }
YAML
