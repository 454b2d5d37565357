# A PNG saved with a .md name.
handbook
{ printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR'; head -c 2000 /dev/zero; } | file content/logo.md
doc content/b.md POL-002
ib_build
expect_status 1
expect_stderr <<'X'
content/logo.md:1:1: error: invalid UTF-8 (byte 0x89) [encoding-invalid]
X
