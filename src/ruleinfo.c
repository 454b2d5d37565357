/* SPDX-License-Identifier: MIT */
/* The rule table: default severity, summary and help text of every rule. */
#include "ruleinfo.h"

#include <string.h>

#include "text.h"

/*
 * One static table, in the order the README lists the rules (input, then
 * documents, links, the standard, filters, files, output, themes). The
 * severities are the defaults the checks use; handbook.yaml's `rules:` can
 * change them per rule. Ids are stable: users configure and suppress them.
 */
static const struct ib_ruleinfo rules[] = {
    {"yaml-syntax", IB_SEV_ERROR,
     "YAML front matter or a configuration file cannot be parsed",
     "The front matter of a document, handbook.yaml or the SoA file is not "
     "valid YAML: wrong indentation, a tab used for indentation, an "
     "unclosed quote or bracket (shown where it opens), a key set twice, "
     "a front matter block that is never closed by a '---' line, or one "
     "larger than the limit. "
     "Fix the YAML at the position shown; quote values that contain ': ' "
     "or start with a character YAML reserves, such as @, `, *, &, !, %, "
     "{ or [."},
    {"frontmatter-missing", IB_SEV_ERROR,
     "a document does not start with a front matter block",
     "Every .md file below content/ must begin with a line '---', then "
     "YAML keys, then another '---' line. Add the block at the very top "
     "of the file with at least id, title, type and owner, or move files "
     "that are not handbook documents out of content/."},
    {"field-missing", IB_SEV_ERROR,
     "a required front matter or configuration key is missing",
     "A document lacks one of id, title, type or owner, an approved "
     "document lacks last_reviewed (or next_review), or a configuration "
     "entry lacks a key it needs. Add the key named in the message. Values "
     "shared by a whole folder can be set once under 'defaults:' in "
     "handbook.yaml."},
    {"field-type", IB_SEV_ERROR,
     "a value has the wrong type or is not one of the allowed values",
     "A key holds a list where text is expected (or the other way round), "
     "or a value outside its fixed set: type (policy, procedure, "
     "guideline, standard, plan, record, register), status, "
     "classification, a review interval such as '12 months', a rule "
     "severity (error, warning, off). Change the value to the form the "
     "message names."},
    {"field-unknown", IB_SEV_WARNING, "a key ismsbook does not know",
     "A front matter or configuration key is not one ismsbook reads, so "
     "its value is ignored; often a typo, and the message then suggests "
     "the closest known key. Correct the spelling, map your own key name "
     "to ours with 'aliases:' in handbook.yaml, or move custom data under "
     "'extra:', which templates and filters can read."},
    {"id-invalid", IB_SEV_ERROR, "a document id has characters not allowed",
     "A document id must start with a letter or digit and contain only "
     "letters, digits, '.', '_' and '-' (for example POL-ACCESS-01), "
     "because it is used in links and file names. Rename the id and "
     "update the [[ID]] links that use it."},
    {"id-duplicate", IB_SEV_ERROR, "two documents have the same id",
     "Ids are compared case-insensitively, so 'pol-01' and 'POL-01' "
     "clash, and a link by id could not tell them apart. Give one of the "
     "documents (the message names both) a new id and update the links "
     "to it."},
    {"date-invalid", IB_SEV_ERROR, "a date is not a real YYYY-MM-DD date",
     "last_reviewed, next_review, approved and effective take calendar "
     "dates written as YYYY-MM-DD; '2025-02-30', '01.03.2025' and "
     "'March 2025' are rejected. Write the date in ISO form."},
    {"owner-unknown", IB_SEV_ERROR, "an owner or approver is not in people:",
     "When handbook.yaml has a 'people:' directory, every owner and "
     "approver must be one of its keys (a person such as jane.doe, or a "
     "role). Correct the name, or add the person to 'people:'."},
    {"approval-missing", IB_SEV_ERROR,
     "an approved document does not say who approved it and when",
     "A document with 'status: approved' needs both 'approver' and "
     "'approved' (the date), which auditors ask for. Add both, or set "
     "'status: draft' until the document is approved."},
    {"review-overdue", IB_SEV_ERROR, "a document's review is overdue",
     "The review due date (next_review, else last_reviewed plus "
     "review_interval) lies before today, or the --today date. This fails "
     "'ismsbook check' but not 'build', so the intranet keeps the "
     "document while CI turns red. Review the document, then set "
     "last_reviewed to the date of that review."},
    {"review-due-soon", IB_SEV_WARNING,
     "a document's review is due within the warning window",
     "The review falls due within review.warn_days (30 by default) of "
     "today. Plan the review with the owner; set 'review-due-soon: off' "
     "under 'rules:' to silence it."},
    {"link-broken", IB_SEV_ERROR,
     "a link points to no document of the handbook",
     "A [[ID]] or [text](id:ID) link names an id no document has, or a "
     "relative link leads to a .md file that is not a loaded document (a "
     "typo, a moved or deleted file, or one with errors of its own), or a "
     "relative link to another file (an image, a form) finds it neither "
     "in content/, where it would be published with the page, nor among "
     "the site's pages and static files; hidden files, symbolic links, "
     "excluded files and files a browser runs scripts from (.html, .svg, "
     ".js) of content/ are not published. Correct the id or path; "
     "relative links are resolved from the linking document's folder."},
    {"anchor-broken", IB_SEV_ERROR,
     "a link's #anchor names no heading or footnote of its target",
     "Heading anchors are made from the heading text: lower case, with "
     "runs of spaces and punctuation turned into one '-' (\"Scope & "
     "purpose\" becomes #scope-purpose). A footnote [^note] is #fn-note, "
     "its references #fnref-note, #fnref-note-2, ...; only footnotes that "
     "are referenced are published. Link to an anchor that exists, or "
     "drop the fragment; renaming a heading changes its anchor."},
    {"html-dropped", IB_SEV_WARNING,
     "raw HTML in a document is not published, or not all of it",
     "With 'markdown: {raw_html: drop}' (the default) raw HTML tags in the "
     "Markdown are left out of the page; with 'raw_html: sanitize' only "
     "the elements and attributes of the allow-list pass (README: Raw "
     "HTML): no script, style, event handler or form, images only from "
     "the site itself. HTML comments never count. Write the content in Markdown (tables, links, "
     "emphasis), write '\\<' for a literal '<', or remove what the "
     "message names; inline tags such as <kbd> must close in the same "
     "paragraph."},
    {"image-external", IB_SEV_WARNING,
     "a Markdown image is loaded from another host",
     "The site loads nothing from other hosts (its Content-Security-Policy "
     "allows images from the site only), so an image such as "
     "![x](https://host/x.png) or ![x](//host/x.png) is not published: the "
     "page shows its alt text instead. Put the image under static/ and link "
     "it by a path of the site, or link to it as a page: [x](https://...)."},
    {"control-unknown", IB_SEV_ERROR,
     "a control id is not an ISO/IEC 27001:2022 Annex A control",
     "'controls:' and the SoA accept the 93 Annex A controls 5.1-5.37, "
     "6.1-6.8, 7.1-7.14 and 8.1-8.34, written 'A.5.15' or '5.15', and "
     "2013 ids that map to them. Correct the id."},
    {"control-legacy", IB_SEV_WARNING, "a control id from ISO/IEC 27001:2013",
     "An Annex A id of the 2013 edition, such as A.9.1.1, was mapped to "
     "its 2022 control. Replace it with the 2022 id the message names, so "
     "the mapping is explicit and reviewed."},
    {"control-uncovered", IB_SEV_ERROR,
     "an applicable control is implemented by no approved document",
     "Every Annex A control the Statement of Applicability does not "
     "exclude must be listed under 'controls:' by at least one approved "
     "document. List it in the document that implements it and get that "
     "document approved, or exclude the control in the SoA with a "
     "justification."},
    {"control-excluded-but-mapped", IB_SEV_WARNING,
     "a control excluded in the SoA is claimed by a document",
     "The SoA excludes the control, yet a document lists it under "
     "'controls:', or its own entry gives it an implementation status "
     "('status: implemented'), which an auditor reads as a contradiction. "
     "Remove the exclusion if the control does apply, or remove it from "
     "the document (or the status from the entry)."},
    {"soa-justification-missing", IB_SEV_ERROR,
     "a control is excluded without a justification",
     "ISO/IEC 27001 6.1.3 d) requires a justification for every excluded "
     "Annex A control. Add a 'justification:' to the control's entry in "
     "the SoA file, or remove 'excluded: true'."},
    {"mandatory-missing", IB_SEV_ERROR,
     "documented information the standard requires is missing",
     "No document lists the clause of a mandatory item (for example 4.3 "
     "scope, 5.2 policy, 6.1.3 d) Statement of Applicability) under "
     "'clauses:'. Write the document ('ismsbook new' gives a valid start) "
     "and list the clause in its front matter."},
    {"mandatory-not-approved", IB_SEV_ERROR,
     "mandatory documented information exists only as a draft",
     "The documents that provide a mandatory item are all drafts or "
     "retired, so the item is not yet in force. Finish and approve one "
     "(status: approved with approver and approved date)."},
    {"classification-leak", IB_SEV_ERROR,
     "a published document links to one that is not published",
     "The link target's classification is above publish."
     "max_classification (or the run's --max-classification), so it is "
     "left out of the site: the link would be dead and would reveal that "
     "the document exists. Remove the link, "
     "or lower the target's classification if it is really meant for "
     "this audience."},
    {"filter-error", IB_SEV_ERROR, "a Lua filter failed",
     "A filter listed under 'filters:' in handbook.yaml could not be read "
     "or compiled, raised an error, misused the filter API (an unknown "
     "hook, one of ismsbook's own rule ids, an impossible tree edit, a "
     "changed document id) or reached for something the sandbox leaves "
     "out (io, os.execute, require, binary chunks, __gc); build and check "
     "stop running filters and fail. The message holds the filter's "
     "file:line and a short traceback; fix the filter there."},
    {"filter-limit", IB_SEV_ERROR,
     "a Lua filter exceeded its instruction, memory or time budget",
     "A hook call ran more Lua instructions than "
     "filter_limits.instructions (often an endless loop, or a pattern that "
     "backtracks), the filter held more memory than "
     "filter_limits.memory_mb, or a call ran longer than "
     "filter_limits.seconds; it was stopped, and pcall cannot catch that. "
     "Fix the loop or the data it builds; raise the limits in "
     "handbook.yaml only if the work is genuinely that large."},
    {"encoding-invalid", IB_SEV_ERROR, "a file is not valid UTF-8 text",
     "The file has bytes that are not UTF-8 (often a file saved as "
     "Windows-1252 or Latin-1) or a NUL byte (a binary file). Save it as "
     "UTF-8, for example with 'iconv -f WINDOWS-1252 -t UTF-8'."},
    {"file-unreadable", IB_SEV_ERROR, "a file or folder cannot be read",
     "A file, folder or the handbook folder itself could not be opened or "
     "read, or is not a regular file; the message gives the system's "
     "reason. Check that the path exists and that the user running "
     "ismsbook may read it."},
    {"file-too-large", IB_SEV_ERROR, "a file is larger than the size limit",
     "ismsbook refuses to read files over its size cap, so a stray large "
     "file cannot exhaust memory. Move the file out of the handbook, or "
     "split a document that has grown that large."},
    {"document-too-complex", IB_SEV_ERROR,
     "a document's Markdown is beyond the limits that keep parsing fast",
     "Before parsing, ismsbook counts what makes the Markdown parser slow: "
     "block quotes and list items nested over 100 levels on one line, over "
     "1,000 '|' in one line, over 200,000 table cells in a document, over "
     "10,000 '[' in one paragraph, over 1,000 '@' in one line. A document "
     "over a limit is not parsed as Markdown (its page shows the text as "
     "written). Parsing or rendering one document for longer than "
     "ISMSBOOK_DOC_SECONDS (10) stops the build too. Such text is almost "
     "always generated or damaged: split the table or paragraph, or put "
     "the data in a file under static/ and link to it."},
    {"symlink-outside", IB_SEV_WARNING,
     "a symbolic link leads outside the handbook; skipped",
     "Links that leave the handbook folder are not followed, so a build "
     "cannot publish files from elsewhere on the machine. Copy the file "
     "into the handbook, or remove the link."},
    {"symlink-broken", IB_SEV_WARNING, "a symbolic link leads nowhere; skipped",
     "The target of a symbolic link in the handbook does not exist (it "
     "was moved or deleted, or the link was made on another machine), so "
     "the link is skipped. Point it at an existing file inside the "
     "handbook, or remove it."},
    {"output-refused", IB_SEV_ERROR,
     "the output folder or file is not safe to write",
     "A build replaces its output folder whole, so it refuses '/', the "
     "handbook folder or a folder above it, content/, themes/, a symbolic "
     "link, something that is not a folder, a non-empty folder that "
     "an ismsbook build did not create, and one that holds something at "
     "its top the last build did not write (a .git folder, a CNAME file). "
     "Choose another folder with -o, or empty it first; a file every "
     "build should have belongs in static/. 'ismsbook init' refuses a "
     "folder that is not empty and 'ismsbook new' a file that exists: "
     "neither overwrites anything."},
    {"output-error", IB_SEV_ERROR, "writing the site or a new handbook failed",
     "Creating or writing a file of the site, or of 'ismsbook init' or "
     "'ismsbook new', failed (disk full, no permission, path too long); "
     "the message gives the system's reason. The previous site is left in "
     "place, and init writes nothing unless it can write everything. Fix "
     "the cause and try again. Two files for one path of the site are "
     "this error too: a document named like a page ismsbook generates, a "
     "static file or a linked file of content/ in a page's place, or a "
     "linked file of content/ where static/ has one; rename or move one "
     "of them."},
    {"theme-missing", IB_SEV_ERROR, "the configured theme cannot be found",
     "The theme named by 'theme:' in handbook.yaml is neither in the "
     "handbook's themes/ folder nor among the installed themes. Correct "
     "the name, or remove 'theme:' to use the default theme."},
    {"template-syntax", IB_SEV_ERROR, "a Mustache template cannot be parsed",
     "A template of the theme, or a text of its UI strings (i18n/*.yaml), "
     "has an unclosed tag, a section closed with the wrong name or never "
     "closed, or a bad delimiter change. Fix the template or text at the "
     "position shown."},
    {"template-error", IB_SEV_ERROR, "a template could not be rendered",
     "A template or partial the theme needs does not exist, the theme has "
     "no English UI strings (i18n/en.yaml, every other language's "
     "fallback), a UI string's text is the name of a template, or partials "
     "include each other too deeply (usually a partial that includes "
     "itself). Add the missing template or file, reword the text, or break "
     "the cycle."},
    {"ui-string-missing", IB_SEV_WARNING, "a UI string of the theme is missing",
     "The theme's i18n/en.yaml lacks keys that ismsbook fills in itself "
     "(status, type and classification labels, review texts, page titles) "
     "or that the theme's templates name as {{t.key}}; pages show "
     "ismsbook's built-in English for them, and the message names the "
     "first few. A {{t.key}} of a template that no UI strings have at all "
     "shows nothing, and is reported at the tag. Copy the missing keys "
     "from the default theme's i18n/en.yaml (and translate them in the "
     "theme's other languages), or correct the key in the template."},
};

static const struct ib_ruleinfo generic = {
    NULL,
    IB_SEV_WARNING,
    "a finding reported by a Lua filter",
    "This rule is not built into ismsbook: one of the Lua filters listed "
    "under 'filters:' in handbook.yaml reports it. See that filter's "
    "source for what it checks; its severity can be set under 'rules:' "
    "like any other rule.",
};

const struct ib_ruleinfo *
ib_ruleinfo_get(const char *id)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].id, id) == 0)
            return &rules[i];
    return &generic;
}

bool
ib_ruleinfo_is_valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 64 || id[0] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

const char *
ib_ruleinfo_suggest(const char *id)
{
    /* No built-in id is near this long, so longer words suggest nothing. */
    char low[80];
    size_t n = strlen(id);
    if (n >= sizeof low)
        return NULL;
    for (size_t i = 0; i <= n; i++) {
        low[i] = id[i];
        if (low[i] >= 'A' && low[i] <= 'Z')
            low[i] = (char)(low[i] - 'A' + 'a');
    }
    const char *ids[sizeof rules / sizeof rules[0] + 1];
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        ids[i] = rules[i].id;
    ids[sizeof rules / sizeof rules[0]] = NULL;
    return ib_text_suggest(low, ids);
}

size_t
ib_ruleinfo_count(void)
{
    return sizeof rules / sizeof rules[0];
}

const struct ib_ruleinfo *
ib_ruleinfo_at(size_t i)
{
    return i < ib_ruleinfo_count() ? &rules[i] : NULL;
}

/* Markdown table cells: a '|' would end the cell. */
static void
put_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', f);
        fputc(*s, f);
    }
}

void
ib_ruleinfo_print_markdown(FILE *f)
{
    fputs("| Rule | Default | Meaning and fix |\n", f);
    fputs("|---|---|---|\n", f);
    for (size_t i = 0; i < ib_ruleinfo_count(); i++) {
        const struct ib_ruleinfo *r = &rules[i];
        fprintf(f, "| `%s` | %s | ", r->id, ib_sev_name(r->sev));
        /* The summary reads as the cell's first sentence. */
        fputc(r->summary[0] >= 'a' && r->summary[0] <= 'z'
                  ? r->summary[0] - 'a' + 'A'
                  : r->summary[0],
              f);
        put_cell(f, r->summary + 1);
        fputs(". ", f);
        put_cell(f, r->help);
        fputs(" |\n", f);
    }
}
