# A 10 MB title in handbook.yaml: over the 1 MiB configuration limit.
{ printf 'title: '; head -c 10485760 /dev/zero | tr '\0' a; echo; } | handbook_yaml
doc content/a.md POL-001
ib_build
expect_status 2
expect_stderr <<'X'
handbook.yaml: error: file is larger than the limit of 1048576 bytes [file-too-large]
X
