/* SPDX-License-Identifier: MIT */
/* cmark-gfm parsers that finish side by side. */
#ifndef IB_MDPIN_H
#define IB_MDPIN_H

#include <stdbool.h>
#include <stddef.h>

#include <cmark-gfm-extension_api.h>

/*
 * cmark_parser_finish puts the special characters of a parser's inline
 * extensions ('~' of strikethrough, ':' and 'w' of autolink) into a table
 * that cmark-gfm keeps for all parsers, parses the inlines, and takes them
 * out again (cmark-gfm pull request 176 would give each parser a table of
 * its own). Two finishes at once race: one takes '~' out while the other
 * still parses, and that document loses its strikethrough and bare links.
 *
 * When every parser attaches the same extensions, their characters may as
 * well stay in the table. ib_mdpin puts those of the N extensions EXTS in
 * for good, and from then on cmark_parser_finish neither adds nor takes
 * out any: parsers may finish at once. It returns true then, and false if
 * that could not be arranged: finishes must then take turns. Call it once,
 * before any parse; every parser after must attach EXTS and no others.
 */
bool ib_mdpin(cmark_syntax_extension *const *exts, size_t n);

#endif
