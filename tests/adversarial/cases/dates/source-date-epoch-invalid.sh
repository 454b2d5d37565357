# A SOURCE_DATE_EPOCH that is not whole seconds from 1970 to 9999 is a
# usage error (2), not silently replaced by the clock; empty means unset.
handbook
doc content/a.md POL-001
for v in abc -1 1e9 12.5 253402300800 " 5" 0x10 99999999999999999999999; do
    SOURCE_DATE_EPOCH="$v" ib build
    expect_status 2
    expect_stderr <<X
ismsbook: error: SOURCE_DATE_EPOCH: '$v' is not a number of seconds since 1970; use --today
X
done
SOURCE_DATE_EPOCH= ib build
expect_status 0
