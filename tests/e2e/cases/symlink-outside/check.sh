# The linked file must not have been published.
if grep -rl 'Outside' public; then
    echo "the file outside the handbook was published"
    exit 1
fi
[ ! -e public/outside.html ]
