/* SPDX-License-Identifier: MIT */
/* Finding reports. The only module that formats findings for output. */
#include "report.h"

#include "diag.h"

void
ib_report_text(FILE *f, struct ib_diag *d)
{
    ib_diag_sort(d);
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        if (x->loc.file) {
            fputs(x->loc.file, f);
            if (x->loc.line) {
                fprintf(f, ":%u", x->loc.line);
                if (x->loc.col)
                    fprintf(f, ":%u", x->loc.col);
            }
            fputs(": ", f);
        } else {
            fputs("ismsbook: ", f);
        }
        fprintf(f, "%s: %s [%s]\n", ib_sev_name(x->sev), x->msg, x->rule);
    }
}
