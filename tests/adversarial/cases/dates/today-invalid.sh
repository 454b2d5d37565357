# --today values that are not dates: usage error (2), nothing written.
handbook
doc content/a.md POL-001
for d in 2026-02-30 2026-13-01 26-01-01 "" 2026-1-1 "2026-01-01x" 0000-00-00 "2026-01-01 "; do
    ib build --today "$d"
    expect_status 2
    expect_err_re "ismsbook: error: --today: '.*' is not a date \(YYYY-MM-DD\)"
done
