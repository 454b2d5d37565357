# A FIFO named like a document is no document: say so (file-unreadable:
# "not a regular file"), rather than dropping it silently.
handbook
mkfifo "$HB/content/fifo.md"
doc content/a.md POL-001
ib_build
expect_err_re "content/fifo.md(:1:1)?: (error|warning): .*not a regular file.* \[file-unreadable\]"
