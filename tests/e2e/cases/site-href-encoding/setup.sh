# Documents named with characters a URL path must encode.
doc() { # file id title type [body]
    printf -- '---\nid: %s\ntitle: %s\ntype: %s\nowner: ciso\nstatus: approved\napprover: ciso\napproved: 2026-11-01\nlast_reviewed: 2026-11-01\ntags: [Links]\n---\n\n%s\n' \
        "$2" "$3" "$4" "${5:-Text.}" > "content/$1"
}
doc 'p/incident #1.md' PRC-001 'Incident procedure' procedure \
    '## Scope

Back to [[POL-001]].'
doc 'p/faq?.md' PRC-002 'FAQ procedure' procedure
doc 'p/uptime 99%25.md' PRC-003 'Uptime' procedure
doc 'iso:27001.md' POL-100 'ISO colon' policy 'See [[PRC-001]].'
doc 'p/årshjul.md' GL-001 'Årshjul' guideline
