/* SPDX-License-Identifier: MIT */
/* Front matter fences. Only finds boundaries; YAML parsing is yaml.c's. */
#include "frontmatter.h"

#include <stdbool.h>
#include <string.h>

#include "diag.h"

/* Returns true if the line [s, e) is FENCE followed only by blanks/CR. */
static bool
is_fence(const char *s, const char *e, const char *fence)
{
    size_t n = strlen(fence);
    if ((size_t)(e - s) < n || memcmp(s, fence, n) != 0)
        return false;
    for (s += n; s < e; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return false;
    return true;
}

int
ib_fm_split(const char *text, size_t len, const char *file,
            struct ib_fm *out, struct ib_diag *d)
{
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!is_fence(p, eol ? eol : end, "---")) {
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 1, 1},
                    "frontmatter-missing",
                    "document does not start with a '---' front matter "
                    "block");
        return -1;
    }
    if (!eol)
        goto unclosed;

    unsigned line = 2;
    const char *yaml = eol + 1;
    for (const char *s = yaml; s < end; line++) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        if (!e)
            e = end;
        if (is_fence(s, e, "---") || is_fence(s, e, "...")) {
            out->yaml_off = (size_t)(yaml - text);
            out->yaml_len = (size_t)(s - yaml);
            out->yaml_line = 1;
            out->body_off = e < end ? (size_t)(e + 1 - text) : len;
            out->body_len = len - out->body_off;
            out->body_line = line;
            if (out->yaml_len > IB_FM_MAX) {
                ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 1, 1},
                            "yaml-syntax",
                            "front matter of %zu bytes exceeds the limit of "
                            "%d bytes",
                            out->yaml_len, IB_FM_MAX);
                return -1;
            }
            return 0;
        }
        s = e + 1;
    }
unclosed:
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 1, 1}, "yaml-syntax",
                "front matter opened here is never closed with a '---' line");
    return -1;
}
