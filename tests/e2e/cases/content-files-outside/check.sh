# Nothing outside content/ reached the site.
[ ! -e public/handbook.yaml ] && [ ! -e handbook.yaml.html ] ||
    { echo "handbook.yaml was published"; exit 1; }
if find public -name '*.yaml' -o -name '*.pdf' -o -name '*.txt' | grep .; then
    echo "a file outside content/ was published"
    exit 1
fi
