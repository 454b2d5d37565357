# The unclosed front matter must not leak into any output.
if grep -rl 'secret-owner-name' public; then
    echo "front matter text appears in the site"
    exit 1
fi
