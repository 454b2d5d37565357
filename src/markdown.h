/* SPDX-License-Identifier: MIT */
/* Markdown documents: GFM parsing, links, headings, anchors and HTML. */
#ifndef IB_MARKDOWN_H
#define IB_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

struct ib_buf;
struct ib_md_heading;

/*
 * One parsed document body. It owns the Markdown tree and every string it
 * hands out. Different ib_md objects may be used from different threads at
 * once; one object is not synchronised.
 */
struct ib_md;

/*
 * Parses LEN bytes of TEXT as GitHub-flavoured Markdown (tables,
 * strikethrough, autolinks, task lists, footnotes; raw HTML is omitted from
 * the output unless ib_md_set_raw_html says otherwise) and turns [[ID]] outside code into a link to "id:ID"
 * (not one with a bracket escaped, "\[\[ID]]" or "&#91;&#91;ID]]").
 * LINE_OFFSET is the number of file lines before TEXT (the front matter); it
 * is added to every line this module reports. Never fails: invalid UTF-8 is
 * replaced by U+FFFD, and running out of memory exits. Free with ib_md_free.
 */
struct ib_md *ib_md_parse(const char *text, size_t len, unsigned line_offset);

/*
 * As ib_md_parse, for a tree freed soon after by ib_md_release_tree (a
 * build parses, renders and releases each body in one go): its memory
 * comes from a heap of its own in large blocks and goes back all at once
 * (mdheap.h). What cmark-gfm frees on the way is only returned then, so
 * a tree kept long, as filters keep them, is better parsed the other way.
 * malloc and free for cmark-gfm's nodes were a sixth of a build's time.
 */
struct ib_md *ib_md_parse_brief(const char *text, size_t len,
                                unsigned line_offset);
void ib_md_free(struct ib_md *md);

/*
 * Frees the tree and keeps the anchors: ib_md_heading_count,
 * ib_md_heading_get, ib_md_note_count, ib_md_note_get and
 * ib_md_has_anchor still answer; every other function needs the tree and
 * must not be called afterwards. A build renders a body once, then keeps
 * only its HTML and its anchors.
 */
void ib_md_release_tree(struct ib_md *md);

/*
 * Returns a document without a tree (as after ib_md_release_tree) that
 * has the N headings H and the NNOTES footnote ids NOTES (all copied), as
 * a cache gives them back.
 */
struct ib_md *ib_md_from_anchors(const struct ib_md_heading *h, size_t n,
                                 const char *const *notes, size_t nnotes);

/*
 * A link or image as the resolver sees it. URL is as written ("../a.md#s",
 * "https://...") or "id:ID" for [[ID]] and [text](id:ID); it is borrowed for
 * the duration of the call. LINE and COL are 1-based, in the whole file; COL
 * counts bytes and is the position of the "[" (or "![", "[[") that opens the
 * link, 0 when cmark does not know it (bare www. and https:// autolinks).
 */
struct ib_md_link {
    const char *url;
    bool is_image;
    bool is_wiki;
    unsigned line;
    unsigned col;
};

/*
 * Called once per link and image. Returns 0 after setting *NEW_URL (a new
 * string the module frees; NULL keeps the URL) and, for wiki links, *LABEL
 * (same ownership; NULL shows the ID). Returns -1 to leave the link as it is,
 * after reporting whatever was wrong.
 */
typedef int (*ib_md_link_fn)(void *ud, const struct ib_md_link *link,
                             char **new_url, char **label);

/*
 * Calls FN for every link and image, in document order, and applies its
 * answers. Call it once per document. Heading texts change to show the new
 * wiki labels (anchors never change), so ib_md_heading texts fetched before
 * are no longer valid afterwards. Under IB_MD_RAW_HTML_SANITIZE (set
 * before, see ib_md_set_raw_html) this includes each href of <a> and src
 * of <img> the allow-list keeps in HTML blocks, LINE and COL at the
 * attribute (COL 0 when unknown); an "id:ID" href is passed too, and is
 * left out of the page unless FN gives it a new URL. New URLs of raw HTML
 * must pass the allow-list's checks, or the URL stays as written.
 */
void ib_md_resolve_links(struct ib_md *md, ib_md_link_fn fn, void *ud);

/*
 * True if URL uses a scheme that is never emitted: javascript:, vbscript:,
 * data: or file:, compared case-insensitively after decoding %XX and
 * HTML character references (&#106; &#x6A &Tab; &colon;) and dropping
 * ASCII control characters and spaces. "//host/x" and "mailto:" are not.
 * ib_md_render_html replaces such URLs by "#" whatever the resolver says.
 */
bool ib_md_url_is_dangerous(const char *url);

/* True if URL starts with a scheme: a letter, then letters, digits, '+',
 * '-' or '.', then ':' ("https:", "mailto:", "id:"). */
bool ib_md_url_has_scheme(const char *url);

/*
 * True if URL names something on another host: it has a scheme
 * ("https:", "ftp:") or starts with two slashes or backslashes in any mix
 * ("//host", "\\host", "/\\host"), which browsers read as a host. Paths
 * of the site and fragments are not. ib_md_render_html publishes an image
 * with such a URL as its alt text, since the site loads nothing from
 * other hosts.
 */
bool ib_md_url_is_external(const char *url);

/*
 * How raw HTML in the Markdown is published: not at all (DROP, the
 * default: each piece becomes an HTML comment) or reduced to the
 * allow-list of sanitize.h (SANITIZE).
 */
enum ib_md_raw_html {
    IB_MD_RAW_HTML_DROP,
    IB_MD_RAW_HTML_SANITIZE,
};

/* Told about raw HTML that does not reach the page whole: LINE and COL
 * 1-based in the whole file (COL 0 if unknown), MSG a sentence. */
typedef void (*ib_md_html_fn)(void *ud, unsigned line, unsigned col,
                              const char *msg);

/*
 * Sets how ib_md_render_html publishes raw HTML, and calls FN (unless
 * NULL; set the mode before ib_md_resolve_links, and report after it,
 * so that links of raw HTML it resolved count as kept) for each piece
 * that loses something on the way, in document order: under DROP every HTML block (a run of sibling blocks counts as
 * one) and every inline opening tag; under SANITIZE what the allow-list
 * removes, and inline tags not closed by a sibling (in the same
 * paragraph, cell, link or emphasis). HTML comments go silently. Call it
 * after the filters' edits; the HTML then follows the tree as it is when
 * rendered.
 */
void ib_md_set_raw_html(struct ib_md *md, enum ib_md_raw_html mode,
                        ib_md_html_fn fn, void *ud);

/*
 * A heading: LEVEL 1-6, TEXT its plain text (whitespace collapsed), ANCHOR
 * its id, unique in the document, LINE 1-based in the whole file. The
 * strings are owned by the ib_md.
 */
struct ib_md_heading {
    int level;
    const char *text;
    const char *anchor;
    unsigned line;
};

/* Returns the number of headings, in document order (footnotes last). */
size_t ib_md_heading_count(const struct ib_md *md);
/* Returns heading I (borrowed), or NULL if I is out of range. */
const struct ib_md_heading *ib_md_heading_get(const struct ib_md *md, size_t i);
/*
 * The ids cmark-gfm gives footnotes in the page, in strcmp order, each
 * once: "fn-LABEL" for each footnote definition rendered (only those
 * referenced are), "fnref-LABEL" for the first reference to it and
 * "fnref-LABEL-N" for the N-th, LABEL being the definition's label as
 * written, escaped as in a URL ("fn-%C3%85tkomst" for [^Åtkomst]).
 * Neither the table of contents nor the search index lists them.
 */
size_t ib_md_note_count(const struct ib_md *md);
/* Returns footnote id I (borrowed), or NULL if I is out of range. */
const char *ib_md_note_get(const struct ib_md *md, size_t i);

/*
 * True if a link to #ANCHOR reaches an id of this document's body: a
 * heading's, as written or after decoding %XX ("%C3%A5tkomst" finds
 * "åtkomst"), or a footnote's, as a browser finds it from the link cmark
 * writes ("fn-Åtkomst" and "fn-%C3%85tkomst" find "fn-%C3%85tkomst").
 */
bool ib_md_has_anchor(const struct ib_md *md, const char *anchor);

/*
 * Appends to OUT the anchor slug of LEN bytes of TEXT (UTF-8): letters
 * lowercased (ASCII, Latin-1 and Latin Extended-A, so "Åtkomst" gives
 * "åtkomst"; letters of other scripts are kept as they are), digits, '-'
 * and '_' kept, each run of whitespace and dropped punctuation between two
 * kept characters becomes one '-' ("Scope & purpose" gives "scope-purpose"),
 * leading and trailing '-' trimmed. An empty result appends "section".
 */
void ib_md_slug(const char *text, size_t len, struct ib_buf *out);

/*
 * Returns the document as an HTML fragment, headings carrying their anchors
 * as ids. Raw HTML is replaced by a comment, or sanitised (see
 * ib_md_set_raw_html), and dangerous URLs by "#".
 * Returns a new string; free with free().
 */
char *ib_md_render_html(struct ib_md *md);

/*
 * Returns the text of the document for a search index: text, code and code
 * blocks, without markup or URLs, whitespace collapsed to single spaces.
 * Returns a new string; free with free().
 */
char *ib_md_plain_text(const struct ib_md *md);

/*
 * Editing the tree, for Lua filters. A node is borrowed from its ib_md and
 * its memory stays valid until ib_md_free, also after it was removed or
 * replaced: it is then "detached", still readable, and edits of it fail.
 * Positions of nodes a replacement brings in are those of the node they
 * replaced. Functions that fail return -1 and set *ERR to a static message;
 * nothing has changed then. After edits, call ib_md_refresh before reading
 * headings or resolving links.
 */
struct ib_md_node;

/* Returns the document node, the root of the tree. */
struct ib_md_node *ib_md_root(struct ib_md *md);

/*
 * Stores in OUT up to MAX nodes below ROOT (ROOT itself excluded), in
 * document order, each node before its children, and returns how many
 * there are in all; call with MAX 0 to learn the size of OUT.
 */
size_t ib_md_node_list(struct ib_md *md, struct ib_md_node *root,
                       struct ib_md_node **out, size_t max);

/* Like ib_md_node_list for NODE's children only, without walking their
 * subtrees. */
size_t ib_md_node_children(struct ib_md_node *node, struct ib_md_node **out,
                           size_t max);

/*
 * Returns the node's type: document, paragraph, heading, block_quote,
 * list, item, code_block, html_block, thematic_break, table, table_row,
 * table_cell, footnote_definition, text, code, emph, strong,
 * strikethrough, link, image, softbreak, linebreak, html_inline,
 * footnote_reference, or custom for anything else. Static string.
 */
const char *ib_md_node_type(const struct ib_md_node *n);

/* Returns the parent, or NULL for the root and for detached subtrees'
 * roots. */
struct ib_md_node *ib_md_node_parent(const struct ib_md_node *n);

/* True if N is still part of MD's tree (not removed or replaced). */
bool ib_md_node_is_attached(const struct ib_md *md,
                            const struct ib_md_node *n);

/*
 * Returns N's 1-based line in the whole file (that of its nearest ancestor
 * with a position when N has none), or 0 if unknown; and its 1-based byte
 * column, 0 if unknown (nodes that replaced others, bare autolinks).
 */
unsigned ib_md_node_line(const struct ib_md *md, const struct ib_md_node *n);
unsigned ib_md_node_col(const struct ib_md *md, const struct ib_md_node *n);

/*
 * Sets *LINE and *COL to the file position of byte OFF (0-based; past
 * the end, the end) of text node N's literal, which need not be a
 * copy of its source: entities and escapes are decoded, and cmark-gfm's
 * own columns are wrong on a paragraph's continuation lines. TEXT (LEN
 * bytes) is the body MD was parsed from; pass the same one every time
 * until ib_md_release_tree, as MD keeps an index of its lines. For any
 * other node, or one a replacement brought in, gives ib_md_node_line and
 * ib_md_node_col. Returns the number of steps it took, for a caller that
 * charges for work: calls on one node with OFF increasing walk it once.
 */
size_t ib_md_node_position(struct ib_md *md, const struct ib_md_node *n,
                           size_t off, const char *text, size_t len,
                           unsigned *line, unsigned *col);

/*
 * Appends N's text to OUT: the literal of text, code, code_block,
 * html_block and html_inline nodes as it is; for any other node the text
 * and code below it, whitespace collapsed to single spaces.
 */
void ib_md_node_text(const struct ib_md_node *n, struct ib_buf *out);
/*
 * As ib_md_node_text, with whitespace left as it is and a space for each
 * line break and block boundary: the same words, gathered faster, for
 * text that is only split into words.
 */
void ib_md_node_words(const struct ib_md_node *n, struct ib_buf *out);

/* Returns true if N's text can be read as is: text, code, code_block,
 * html_block, html_inline. */
bool ib_md_node_has_literal(const struct ib_md_node *n);

/* Link and image URL and title, code block info string ("lua" for
 * ```lua): borrowed, NULL for other types. Heading level 1-6, else 0. */
const char *ib_md_node_url(const struct ib_md_node *n);
const char *ib_md_node_title(const struct ib_md_node *n);
const char *ib_md_node_info(const struct ib_md_node *n);
int ib_md_node_level(const struct ib_md_node *n);

/*
 * Sets N's text: the literal of text, code, code_block, html_block and
 * html_inline nodes; for heading, paragraph, table_cell, link, image (its
 * alt text), emph, strong and strikethrough nodes, S replaces every child
 * with one text node. S is copied. Other types fail.
 */
int ib_md_node_set_text(struct ib_md *md, struct ib_md_node *n,
                        const char *s, const char **err);
/* Set a link's or image's URL or title, a code block's info string, a
 * heading's level (1-6). S is copied. */
int ib_md_node_set_url(struct ib_md *md, struct ib_md_node *n, const char *s,
                       const char **err);
int ib_md_node_set_title(struct ib_md *md, struct ib_md_node *n,
                         const char *s, const char **err);
int ib_md_node_set_info(struct ib_md *md, struct ib_md_node *n,
                        const char *s, const char **err);
int ib_md_node_set_level(struct ib_md *md, struct ib_md_node *n, int level,
                         const char **err);

/*
 * Replaces N by the Markdown TEXT (LEN bytes), parsed like a document body
 * ([[ID]] included). An inline node (text, link, ...) takes inline Markdown
 * (one paragraph, whose content is inserted); an item takes a list (its
 * items are inserted); any other block takes blocks that may stand where
 * N stands. Empty Markdown removes N. The root cannot be replaced.
 */
int ib_md_node_replace(struct ib_md *md, struct ib_md_node *n,
                       const char *text, size_t len, const char **err);

/*
 * The number of nodes ib_md_node_replace has parsed into MD so far, those
 * of failed replacements included: they stay until ib_md_free, and a
 * caller that bounds memory counts them.
 */
size_t ib_md_added_nodes(const struct ib_md *md);

/* Removes N (and everything below it) from the tree. */
int ib_md_node_remove(struct ib_md *md, struct ib_md_node *n,
                      const char **err);

/*
 * Brings the headings and their anchors up to date after edits (a no-op
 * when there were none). Heading pointers fetched before are invalid.
 */
void ib_md_refresh(struct ib_md *md);

#endif
