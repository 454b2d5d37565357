# A FIFO named like a document must not hang the build.
handbook
mkfifo "$HB/content/fifo.md"
doc content/a.md POL-001
ib_build
expect_status_in "0 1"
expect_no_path "$OUT/fifo.html"
