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
    return ib_fm_split_as(text, len, file, IB_FM_REQUIRED, out, d);
}

int
ib_fm_split_as(const char *text, size_t len, const char *file,
               enum ib_fm_mode mode, struct ib_fm *out, struct ib_diag *d)
{
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *yaml = eol ? eol + 1 : end;
    unsigned line = 2, yaml_line = 1;
    if (!is_fence(p, eol ? eol : end, "---")) {
        if (mode == IB_FM_OPTIONAL) {
            *out = (struct ib_fm){(size_t)(p - text), 0, 0,
                                  (size_t)(p - text), (size_t)(end - p), 0};
            return 0;
        }
        if (mode == IB_FM_REQUIRED) {
            ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 1, 1},
                        "frontmatter-missing",
                        "document does not start with a '---' front matter "
                        "block");
            return -1;
        }
        /* comply's layout: the YAML starts right away, "---" ends it. */
        yaml = p;
        line = 1;
        yaml_line = 0;
    } else if (!eol) {
        goto unclosed;
    }

    for (const char *s = yaml; s < end; line++) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        if (!e)
            e = end;
        if (is_fence(s, e, "---") ||
            (yaml_line && is_fence(s, e, "..."))) {
            out->yaml_off = (size_t)(yaml - text);
            out->yaml_len = (size_t)(s - yaml);
            out->yaml_line = yaml_line;
            out->body_off = e < end ? (size_t)(e + 1 - text) : len;
            out->body_len = len - out->body_off;
            out->body_line = line;
            if (out->yaml_len > IB_FM_MAX) {
                ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 1, 1},
                            "yaml-syntax",
                            "front matter of %zu bytes exceeds the limit of "
                            "%zu bytes",
                            out->yaml_len, IB_FM_MAX);
                return -1;
            }
            return 0;
        }
        s = e + 1;
    }
    if (!yaml_line) {
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 1, 1},
                    "frontmatter-missing",
                    "no '---' line ends the front matter (front_matter: "
                    "unfenced)");
        return -1;
    }
unclosed:
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 1, 1}, "yaml-syntax",
                "front matter opened here is never closed with a '---' line");
    return -1;
}
