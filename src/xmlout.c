/* SPDX-License-Identifier: MIT */
/*
 * XML output on libxml2's xmlTextWriter. The only libxml2 writer
 * (sanitize.c is the only user of its HTML parser), so an upgrade or a
 * replacement touches little else. A writer
 * owns its xmlTextWriter and the xmlBuffer it writes into. Invariant: every
 * string handed to libxml2 has first been made valid XML 1.0 character
 * data, because libxml2 escapes markup but passes control characters and
 * invalid UTF-8 through, which would make the document unreadable.
 */
#include "xmlout.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "buf.h"
#include "text.h"
#include "xmalloc.h"

struct ib_xmlout {
    xmlBufferPtr out;
    xmlTextWriterPtr w;
    struct ib_buf tmp; /* the last sanitized string */
    bool failed;
};

struct ib_xmlout *
ib_xmlout_new(bool indent)
{
    struct ib_xmlout *x = ib_xcalloc(1, sizeof(*x));
    ib_buf_init(&x->tmp);
    x->out = xmlBufferCreate();
    x->w = x->out ? xmlNewTextWriterMemory(x->out, 0) : NULL;
    if (!x->w) {
        x->failed = true;
        return x;
    }
    if (indent && (xmlTextWriterSetIndent(x->w, 1) < 0 ||
                   xmlTextWriterSetIndentString(x->w, BAD_CAST "  ") < 0))
        x->failed = true;
    if (xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0)
        x->failed = true;
    return x;
}

void
ib_xmlout_free(struct ib_xmlout *x)
{
    if (!x)
        return;
    if (x->w)
        xmlFreeTextWriter(x->w);
    if (x->out)
        xmlBufferFree(x->out);
    ib_buf_fini(&x->tmp);
    free(x);
}

static bool
is_xml_char(uint32_t c)
{
    if (c < 0x20)
        return c == '\t' || c == '\n' || c == '\r';
    return c != 0xFFFE && c != 0xFFFF;
}

/* Returns S as valid XML character data: S itself when it is printable
 * ASCII (most text, URLs), else a copy in X's scratch buffer. */
static const xmlChar *
clean(struct ib_xmlout *x, const char *s)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (p[n] >= 0x20 && p[n] < 0x80)
        n++;
    if (!p[n])
        return BAD_CAST s;
    n += strlen(s + n);
    ib_buf_reset(&x->tmp);
    while (n > 0) {
        /* A run of printable ASCII goes in at once. */
        size_t k = 0;
        while (k < n && p[k] >= 0x20 && p[k] < 0x80)
            k++;
        if (k) {
            ib_buf_put(&x->tmp, p, k);
            p += k;
            n -= k;
            continue;
        }
        uint32_t c;
        size_t len = ib_text_utf8_decode(p, n, &c);
        if (len && is_xml_char(c))
            ib_buf_put(&x->tmp, p, len);
        else
            ib_buf_put(&x->tmp, fffd, 3);
        len = len ? len : 1;
        p += len;
        n -= len;
    }
    return BAD_CAST ib_buf_cstr(&x->tmp);
}

void
ib_xmlout_start(struct ib_xmlout *x, const char *name)
{
    if (!x->failed && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
        x->failed = true;
}

void
ib_xmlout_attr(struct ib_xmlout *x, const char *name, const char *value)
{
    if (!x->failed &&
        xmlTextWriterWriteAttribute(x->w, BAD_CAST name, clean(x, value)) < 0)
        x->failed = true;
}

void
ib_xmlout_attrf(struct ib_xmlout *x, const char *name, const char *fmt, ...)
{
    struct ib_buf b;
    ib_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    ib_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    ib_xmlout_attr(x, name, ib_buf_cstr(&b));
    ib_buf_fini(&b);
}

void
ib_xmlout_text(struct ib_xmlout *x, const char *text)
{
    if (!x->failed && xmlTextWriterWriteString(x->w, clean(x, text)) < 0)
        x->failed = true;
}

void
ib_xmlout_end(struct ib_xmlout *x)
{
    if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
        x->failed = true;
}

int
ib_xmlout_finish(struct ib_xmlout *x, const char **data, size_t *len)
{
    if (!x->failed &&
        (xmlTextWriterEndDocument(x->w) < 0 || xmlTextWriterFlush(x->w) < 0))
        x->failed = true;
    if (x->failed)
        return -1;
    *data = (const char *)xmlBufferContent(x->out);
    *len = (size_t)xmlBufferLength(x->out);
    return 0;
}
