/* SPDX-License-Identifier: MIT */
/* Pages: every page family of the site, rendered and written. */
#ifndef IB_RENDER_H
#define IB_RENDER_H

#include "page.h"

/*
 * Renders every page of R->site with R->tmpl into R->out: the home page,
 * one page per published document, and the page families of pages.h.
 * Returns 0, or -1 with findings in R->d.
 */
int ib_render_site(const struct ib_render *r);

/* The page families; each returns 0 or -1 with findings. */
int ib_render_home(const struct ib_render *r);
int ib_render_documents(const struct ib_render *r);

#endif
