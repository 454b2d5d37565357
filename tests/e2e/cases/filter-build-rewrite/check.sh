# Each rewrite, in the pages built.
page=public/procedures/incident.html
fail=0
want() {
    grep -qF -- "$1" "$2" || { echo "$2 lacks: $1"; fail=1; }
}
want '<a href="https://tracker.example/browse/SEC-12">SEC-12</a>' $page
want '<code>SEC-99</code>' $page
want 'the <a href="../isms/glossary.html#risk-owner">risk owner</a> of each <a href="../isms/glossary.html#asset">asset</a>' $page
want 'decides. The risk owner and the asset are linked once.' $page
want '>Incident handling <a class="anchor"' $page
want '<!-- reviewed by: Security team -->' $page
if grep -q 'Draft note' $page; then echo "$page kept the draft note"; fail=1; fi
exit $fail
