# No lang or hreflang attribute in the pages holds a '_'.
if grep -rn 'lang="[^"]*_' public; then
    echo "a lang attribute holds '_'"
    exit 1
fi
grep -q '<html lang="da-DK">' public/politik.html &&
    grep -q '<html lang="en-GB">' public/policy.html &&
    grep -q 'hreflang="en-GB"' public/politik.html
