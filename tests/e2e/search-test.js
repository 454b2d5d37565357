// SPDX-License-Identifier: MIT
// Runs the theme's search script (SITE/assets/search.js) against the
// site's own index (SITE/search-index.json) with the queries and expected
// results given as JSON in CASES: [{"q": "...", "ids": ["first", ...],
// "section": "anchor of the first result's linked section, or ''"}].
// IDS lists every expected match, best first when "ordered" is true.
// Usage: node search-test.js SITE CASES
'use strict';
const fs = require('fs');
const path = require('path');

const [site, casesFile] = process.argv.slice(2);
if (!site || !casesFile) {
    console.error('usage: node search-test.js SITE CASES');
    process.exit(2);
}
const search = require(path.resolve(site, 'assets/search.js'));
const index = JSON.parse(fs.readFileSync(path.join(site, 'search-index.json')));
const prepared = search.prepare(index);
const cases = JSON.parse(fs.readFileSync(casesFile));
let failed = 0;
for (const c of cases) {
    const got = search.search(prepared, c.q);
    const ids = got.map((r) => r.doc.id);
    const want = c.ordered ? c.ids : [...c.ids].sort();
    const have = c.ordered ? ids : [...ids].sort();
    let why = '';
    if (JSON.stringify(have) !== JSON.stringify(want))
        why = `found ${JSON.stringify(ids)}, want ${JSON.stringify(c.ids)}`;
    else if ('section' in c) {
        const r = got[0];
        const anchor = r && r.section >= 0 ? r.doc.sections[r.section][1] : '';
        if (anchor !== c.section)
            why = `first result links section ${JSON.stringify(anchor)}, ` +
                `want ${JSON.stringify(c.section)}`;
    }
    if (why) {
        failed++;
        console.log(`query ${JSON.stringify(c.q)}: ${why}`);
    }
}
console.log(`search: ${cases.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
