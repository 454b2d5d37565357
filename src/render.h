/* SPDX-License-Identifier: MIT */
/* Pages: every page family of the site, rendered and written. */
#ifndef IB_RENDER_H
#define IB_RENDER_H

#include "page.h"
#include "site.h"

/*
 * Renders every page of R->site with R->tmpl into R->out: the home page,
 * one page per published document, and the page families of pages.h, on
 * R->jobs threads. The findings reach R->d in the same order whatever the
 * number of threads. Returns 0, or -1 with findings in R->d. Each
 * document's html is freed once its page is written, so a site is
 * rendered once.
 */
int ib_render_site(const struct ib_render *r);

/* The page families; each returns 0 or -1 with findings. */
int ib_render_home(const struct ib_render *r);
/* documents/<type>.html: every current document of one type. */
int ib_render_types(const struct ib_render *r);
/* controls/index.html, controls/<id>.html, controls/attribute/ pages
 * (pages_controls.c); soa.html and soa.csv (pages_soa.c);
 * requirements.html (pages_requirements.c). */
int ib_render_controls(const struct ib_render *r);
int ib_render_soa(const struct ib_render *r);
int ib_render_requirements(const struct ib_render *r);
/* search.html and search-index.json (pages_search.c); sitemap.xml,
 * feed.xml and isms.json (pages_data.c). */
int ib_render_search(const struct ib_render *r);
/* search-index.json alone: what an edit to a body changes besides its
 * page. */
int ib_render_search_index(const struct ib_render *r);
/* search-index.json with the entries of the N documents DOCS made again
 * and the others copied from the previous index, where ib_render_search_index
 * noted them; the whole index when it cannot. */
int ib_render_search_patch(const struct ib_render *r,
                           struct ib_doc *const *docs, size_t n);
/* The pages of the N documents DOCS, and search-index.json: serve's
 * quick rebuild after edits to bodies (ib_site_update_body). */
int ib_render_docs(const struct ib_render *r, struct ib_doc *const *docs,
                   size_t n);
/* The fields of that entry that DOC's tree gives (keys, summary,
 * sections) as JSON members without braces; a new string. */
char *ib_render_search_fields(const struct ib_doc *doc);
/*
 * An ib_site_body_fn for a build: keeps what the pages need of a
 * published document's tree, its HTML and search fields, in DOC->html
 * and DOC->search.
 */
void ib_render_keep_body(void *ud, const struct ib_site *site,
                         struct ib_doc *doc);
int ib_render_data(const struct ib_render *r);
/*
 * The parts of an absolute http(s) base URL: BASE always ends in '/',
 * HOST is the lowercased host name, PATH the path without its outer
 * slashes ("isms", or ""). Returns false when URL is not such a URL, by
 * the rule handbook.yaml's base_url is checked with (pages_data.c).
 */
struct ib_render_base {
    const char *base, *host, *path;
};
bool ib_render_base(struct ib_arena *a, const char *url,
                    struct ib_render_base *out);
/* B's base followed by site path PATH, percent-encoded as a URL path. */
const char *ib_render_abs_url(struct ib_arena *a,
                              const struct ib_render_base *b, const char *path);
/* True if base_url is an absolute http(s) URL, so the site gets
 * sitemap.xml and feed.xml (pages_data.c). */
bool ib_render_has_feed(const struct ib_site *site);
/*
 * What the build of SITE writes at the site path PATH, told without
 * making the pages: IB_SITE_HAS_PAGE for the home page and the other
 * pages of fixed names, IB_SITE_MAY_HAVE below the folders of the page
 * families (controls/, documents/, audiences/, tags/, owners/) and for
 * reviews.ics (written only when some review is due), else
 * IB_SITE_HAS_NOTHING. The pages of documents are site.c's to know.
 */
enum ib_site_has ib_render_page_at(const struct ib_site *site,
                                   const char *path);
/* owners.html, reviews.html, reviews.ics and owners/<owner>.ics
 * (pages_reviews.c); audiences/ and tags/ (pages_labels.c);
 * whats-new.html and archive.html (pages_news.c); 404.html
 * (pages_notfound.c). */
int ib_render_owners(const struct ib_render *r);
int ib_render_reviews(const struct ib_render *r);
int ib_render_audiences(const struct ib_render *r);
int ib_render_tags(const struct ib_render *r);
int ib_render_whats_new(const struct ib_render *r);
int ib_render_archive(const struct ib_render *r);
int ib_render_not_found(const struct ib_render *r);

#endif
