# The confidential plan (PLN-001, content/policies/crisis-plan.md) must be
# absent from every output file: no page, and no trace of its id, title,
# path, tag or text. This holds whatever the golden tree says.
[ ! -e public/policies/crisis-plan.html ] || { echo "crisis-plan.html published"; exit 1; }
if grep -rli -e 'PLN-001' -e 'zebra' -e 'crisis' public; then
    echo "the confidential document leaks into the files above"
    exit 1
fi
