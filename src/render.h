/* SPDX-License-Identifier: MIT */
/* Pages: template contexts from the site model, rendered and written. */
#ifndef IB_RENDER_H
#define IB_RENDER_H

struct ib_diag;
struct ib_mustache;
struct ib_out;
struct ib_site;

/*
 * Renders every page of SITE (home, one page per published document) with
 * the templates in TMPL and writes them to O. GENERATOR is shown in pages
 * ("ismsbook 0.1.0"). Returns 0, or -1 with findings.
 */
int ib_render_site(const struct ib_site *site, const struct ib_mustache *tmpl,
                   const char *generator, struct ib_out *o,
                   struct ib_diag *d);

#endif
