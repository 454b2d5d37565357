# Over 200,000 table cells in one document (500 columns x 402 rows, each
# line well under the '|' limit): document-too-complex, quickly.
handbook
bound 5
{ doc_head POL-001; echo; python3 -c '
cols = 500
print("|" + "a|" * cols)
print("|" + "-|" * cols)
for _ in range(400):
    print("|" + "x|" * cols)'; } >"$HB/content/a.md"
ib_build
expect_status 1
expect_err_re "content/a.md:[0-9]+:[0-9]+: error: .*200,?000 table cells.* \[document-too-complex\]"
