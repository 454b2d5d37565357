# The per-document time bound (ISMSBOOK_DOC_SECONDS): a legal but slow
# document stops build and check with document-too-complex; the build's
# temporary folder is removed and the previous site stays.
handbook
patho headings-many
export ISMSBOOK_DOC_SECONDS=0.001
# The watchdog ends the process from its own thread on purpose: under
# valgrind, memory errors still count, what is still allocated does not.
export IB_VG_FLAGS=--leak-check=no
# Which stage the bound catches first depends on the machine (parsing,
# or under valgrind often the rendering of the page); either is the
# watchdog's one finding, and nothing else is printed.
ib_build
expect_status 1
expect_err_re "^content/a.md:1:1: error: (parsing|rendering) took longer than 0.001 s \[document-too-complex\]$"
[ "$(wc -l <"$ERR")" = 1 ] || fail "the watchdog's finding is not the only line"
# valgrind runs one thread at a time, so its watchdog may not get to
# look before check's one parse is over: check is timed natively only.
if [ -z "$IB_WRAP" ]; then
    ib_check
    expect_status 1
    expect_err_re "^content/a.md:1:1: error: (parsing|rendering) took longer than 0.001 s \[document-too-complex\]$"
fi
# A bound that is no number of seconds (or out of range) is named in a
# warning, and the default bound applies: a plain document builds.
rm -f "$HB/content/a.md"
doc content/a.md POL-001
for v in abc 0 1e9; do
    ISMSBOOK_DOC_SECONDS="$v" ib_build
    expect_status 0
    expect_stderr <<X
ismsbook: warning: ISMSBOOK_DOC_SECONDS: '$v' is not a number of seconds from 0.001 to 86400; using 10
X
done
