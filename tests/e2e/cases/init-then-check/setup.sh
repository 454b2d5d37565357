# The handbook under test is made by the program itself.
"$E2E_BIN" init --today 2026-11-22 hb > /dev/null
