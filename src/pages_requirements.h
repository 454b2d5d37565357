/* SPDX-License-Identifier: MIT */
/* The requirements page: clauses 4-10 and the documented information
 * each requires, with the documents that provide it. */
#ifndef IB_PAGES_REQUIREMENTS_H
#define IB_PAGES_REQUIREMENTS_H

#include <stdbool.h>

struct ib_doc;

/*
 * Returns true if DOC lists the required item ITEM ("6.1.3d") in its
 * `clauses:`, spelled in any way `check` accepts ("6.1.3 d)"), as the
 * mandatory-missing rule matches them.
 */
bool ib_pages_requirements_declares(const struct ib_doc *doc, const char *item);

#endif
