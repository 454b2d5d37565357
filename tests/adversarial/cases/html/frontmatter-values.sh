# Hostile front matter values reach every output (pages, search index,
# JSON, iCalendar, CSV) escaped for each format.
handbook
file content/a.md <<'M'
---
id: POL-001
title: "</title><script>alert(1)</script>"
type: policy
owner: "\"><img src=x onerror=alert(2)>"
status: approved
approver: "<svg onload=alert(3)>"
approved: 2026-01-10
last_reviewed: 2026-01-10
version: "{{! mustache }}{{{x}}}"
tags: ["<b onmouseover=alert(4)>", "javascript:alert(5)"]
audience: ["</script><script>alert(6)</script>"]
extra:
  note: "<script>alert(7)</script>"
---

Body.
M
ib_build
expect_status 0
expect_site_safe
# The JSON files stay valid JSON; the calendar keeps one property a line.
for f in "$OUT"/search-index.json "$OUT"/isms.json; do
    [ -f "$f" ] && { python3 -m json.tool "$f" >/dev/null 2>&1 || fail "$f is not valid JSON"; }
done
if [ -f "$OUT/reviews.ics" ] && grep -vE $'^( |[A-Z][A-Z0-9-]*[;:])' "$OUT/reviews.ics" | grep -q .; then
    fail "reviews.ics: a line that is neither a property nor a folded continuation"
fi
