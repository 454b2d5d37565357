#!/bin/sh
# SPDX-License-Identifier: MIT
# Turns a handbook into the equivalent Hugo site, for the benchmark.
#
# usage: tests/bench/mkhugo.sh HANDBOOK OUTDIR
#
# OUTDIR gets hugo.toml, two minimal layouts (one page per document, one
# list per section) and content/ with every .md of HANDBOOK/content copied
# as is, YAML front matter included, so Hugo renders the same Markdown to
# HTML. Only .md files are copied (soa.yaml is not content to Hugo).
#
# The site is configured to favour Hugo: no taxonomy, term, RSS, sitemap,
# robots.txt or 404 pages, so Hugo renders the documents and the section
# lists and nothing ismsbook would not. Goldmark renders tables,
# strikethrough, task lists, autolinks and footnotes by default, like
# cmark-gfm with ismsbook's extensions; the typographer and definition
# lists, which GFM does not have, are switched off; raw HTML is omitted,
# as ismsbook omits it.
#
# OUTDIR/hugo-full.toml is the same with Hugo's default page kinds on: a
# page and an RSS feed per tag, a feed per section, the sitemap and the
# 404 page, much as ismsbook makes them too. The benchmark runs it beside
# (`hugo --config hugo-full.toml`), for information.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 HANDBOOK OUTDIR" >&2; exit 2; }
src=$1
out=$2
if [ ! -d "$src/content" ]; then
    echo "mkhugo: $src/content: no such folder" >&2
    exit 2
fi

rm -rf "$out"
mkdir -p "$out/layouts/_default" "$out/content"

cat >"$out/hugo.toml" <<'EOF'
baseURL = "http://intranet.example/"
languageCode = "en"
title = "Benchmark handbook"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableGitInfo = false
enableRobotsTXT = false
relativeURLs = true

[markup.goldmark.extensions]
typographer = false
definitionList = false
table = true
strikethrough = true
linkify = true
taskList = true
footnote = true

[markup.goldmark.renderer]
unsafe = false
EOF
sed 's/^disableKinds = .*/disableKinds = []/' "$out/hugo.toml" \
    >"$out/hugo-full.toml"

cat >"$out/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
{{ .Content }}
</body>
</html>
EOF

cat >"$out/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
</body>
</html>
EOF

# Copy the tree of .md files, keeping folders (and so Hugo's sections).
(cd "$src/content" &&
    find . -mindepth 1 -name '.*' -prune -o -type f -name '*.md' -print) |
while IFS= read -r f; do
    mkdir -p "$out/content/$(dirname "$f")"
    cp "$src/content/$f" "$out/content/$f"
done
