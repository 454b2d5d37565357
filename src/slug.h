/* SPDX-License-Identifier: MIT */
/* Slugs: safe file names and fragment ids made from free text. */
#ifndef IB_SLUG_H
#define IB_SLUG_H

#include <stdint.h>

struct ib_arena;

/*
 * Returns the slug of S, a UTF-8 string, in arena A: ASCII letters in
 * lower case, digits and '_' are kept; Latin letters with diacritics are
 * spelled in ASCII (æ ae, ø oe, å aa, ä ae, ö oe, ü ue, é e, ß ss; ń n,
 * ł l, ō o, ș s: all of Latin-1 and Latin Extended-A, and Extended-B's
 * letters that have a base letter); other non-ASCII letters and
 * characters become "u" and their hex code point; every
 * other run of characters becomes one '-', never at either end. At most
 * 64 bytes. Never empty ("x"), never "index" (kept for a folder's
 * listing) nor a name Windows reserves such as "con" or "lpt1": those get
 * a trailing '_'. The slug is a function of S alone, so two spellings
 * such as "Remote Work" and "remote-work" share one.
 */
char *ib_slug(struct ib_arena *a, const char *s);

/*
 * The ASCII spelling slugs give the Latin letter CP (U+00C0..U+024F, and
 * the ordinal indicators U+00AA and U+00BA): "ae" for a with diaeresis,
 * "n" for n with acute; "" for the multiplication and division signs (a
 * separator); NULL for anything else.
 */
const char *ib_slug_latin(uint32_t cp);

#endif
