# The example filters from the repository, and a document template that
# shows doc.extra.reviewed_by.
repo="$(dirname "$0")/../../../.."
cp "$repo/filters/ticket-links.lua" "$repo/filters/glossary.lua" filters/
printf '\n<!-- reviewed by: {{doc.extra.reviewed_by}} -->\n' \
    >> themes/default/templates/document.mustache
