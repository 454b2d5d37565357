# handbook.yaml in Windows-1252: a configuration error (exit 2).
printf 'title: Sikkerhedsh\xe5ndbog\n' | handbook_yaml
doc content/a.md POL-001
ib_build
expect_status 2
expect_stderr <<'X'
handbook.yaml:1:19: error: invalid UTF-8 (byte 0xE5) [encoding-invalid]
X
