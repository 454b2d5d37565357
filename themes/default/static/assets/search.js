/* SPDX-License-Identifier: MIT */
/*
 * Live search for search.html (ismsbook default theme). Loads the index
 * named by the form's data-index (search-index.json) on first use and
 * lists the documents in which every query word matches, best first. No
 * dependencies, no eval, no inline code or styles: it runs under a strict
 * Content-Security-Policy (script-src 'self'; connect-src 'self').
 *
 * Matching ignores case. A query word typed without diacritics also finds
 * them ("a" finds "å", "ae" finds "æ"); one typed with them finds only
 * them ("å" finds "å", not "a"), as Nordic readers expect. Id and title
 * rank above controls, tags and audiences, which rank above headings,
 * which rank above body text; a whole word above the start of one above
 * the inside of one.
 */
(function () {
    'use strict';

    var MAX_SHOWN = 50;
    var WORD = /[\p{L}\p{N}]+(?:[._\/:-][\p{L}\p{N}]+)*/gu;
    var SPECIAL = { 'æ': 'ae', 'ø': 'o', 'œ': 'oe', 'ß': 'ss', 'ð': 'd',
        'þ': 'th', 'ł': 'l', 'đ': 'd', 'ı': 'i' };

    /* Lowercase text without its diacritics. */
    function fold(s) {
        s = s.toLowerCase();
        if (!/[^\x00-\x7f]/.test(s)) return s;
        return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
            .replace(/[æøœßðþłđı]/g, function (c) { return SPECIAL[c]; });
    }

    /* The query's words, lowercased, as the index cuts them. */
    function words(q) {
        return q.normalize('NFC').toLowerCase().match(WORD) || [];
    }

    /* " w1 w2 ... " and its folded twin, for whole-word tests. */
    function field(text) {
        var l = ' ' + words(text).join(' ') + ' ';
        var f = fold(l);
        return { l: l, f: f === l ? l : f };
    }

    /* 3 whole word, 2 start of a word, 1 inside one, 0 not there. */
    function hit(fl, q, folded) {
        var s = folded ? fl.f : fl.l;
        if (s.indexOf(q) < 0) return 0;
        if (s.indexOf(' ' + q + ' ') >= 0) return 3;
        return s.indexOf(' ' + q) >= 0 ? 2 : 1;
    }

    function prepare(index) {
        return (index.docs || []).map(function (d) {
            return {
                doc: d,
                id: field(d.id),
                title: field(d.title),
                keys: field(d.keys || ''),
                sections: (d.sections || []).map(function (s) {
                    return { heading: field(s[0]), words: field(s[2]) };
                })
            };
        });
    }

    /*
     * Returns the documents matching every word of QUERY as
     * [{doc, score, section}], best first; SECTION is the index of the
     * section that matched most (headings count double), or -1.
     */
    function search(prepared, query) {
        var qs = words(query);
        if (!qs.length) return [];
        var out = [];
        prepared.forEach(function (p) {
            var total = 0, per = p.sections.map(function () { return 0; });
            for (var i = 0; i < qs.length; i++) {
                var q = qs[i], folded = fold(q) === q;
                /* "5.15" is also control "a.5.15", whole, not a part of
                   "a.5.150"; the body may say "5.15" itself. */
                var alt = /^[5-8]\.\d+$/.test(q) ? 'a.' + q : null;
                var at = function (fl) {
                    var n = hit(fl, q, folded);
                    return alt ? Math.max(n, hit(fl, alt, folded)) : n;
                };
                var score = at(p.id) * 40 + at(p.title) * 12 + at(p.keys) * 5;
                var head = 0, body = 0;
                for (var k = 0; k < p.sections.length; k++) {
                    var h = at(p.sections[k].heading);
                    var b = at(p.sections[k].words);
                    if (h) per[k] += 2;
                    if (b) per[k] += 1;
                    head = Math.max(head, h);
                    body = Math.max(body, b);
                }
                score += head * 3 + body;
                if (!score) return;
                total += score;
            }
            var section = -1;
            for (var j = 0; j < per.length; j++)
                if (per[j] && (section < 0 || per[j] > per[section])) section = j;
            out.push({ doc: p.doc, score: total, section: section });
        });
        out.sort(function (a, b) {
            return b.score - a.score ||
                a.doc.title.localeCompare(b.doc.title) ||
                (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0);
        });
        return out;
    }

    var api = { fold: fold, words: words, prepare: prepare, search: search };
    if (typeof module === 'object' && module.exports) module.exports = api;
    if (typeof document === 'undefined') return;

    var form = document.getElementById('search-form');
    if (!form) return;
    var input = document.getElementById('search-q');
    var status = document.getElementById('search-status');
    var box = document.getElementById('search-results');
    var list = document.getElementById('search-list');
    var az = document.getElementById('az');
    var nojs = document.getElementById('search-nojs');
    var pageLang = document.documentElement.lang;
    var prepared = null, loading = null, timer = 0, said = '';

    if (nojs) nojs.hidden = true;

    /* The page's words come from the theme's UI strings through the
       form's data-t-* attributes; {{name}} marks where a value goes. */
    function t(key, vars) {
        var text = form.getAttribute('data-t-' + key) || '';
        return text.replace(/\{\{\s*(\w+)\s*\}\}/g, function (m, name) {
            return vars && name in vars ? String(vars[name]) : m;
        });
    }

    function say(text) {
        if (text !== said) status.textContent = said = text;
    }

    function load() {
        if (!loading) {
            loading = fetch(form.getAttribute('data-index'))
                .then(function (r) {
                    if (!r.ok) throw new Error('HTTP ' + r.status);
                    return r.json();
                })
                .then(function (index) { prepared = prepare(index); });
            loading.catch(function () {
                loading = null;
                say(t('failed'));
                az.hidden = false;
            });
        }
        return loading;
    }

    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) e.className = cls;
        if (text) e.textContent = text;
        return e;
    }

    function item(r) {
        var d = r.doc, li = el('li', 'search-result');
        var a = el('a', 'search-result__title', d.title);
        a.href = d.url;
        if (d.lang && d.lang !== pageLang) {
            a.lang = d.lang;
            a.hreflang = d.lang;
        }
        var h = el('p', 'search-result__heading');
        h.appendChild(a);
        li.appendChild(h);
        var meta = el('p', 'search-result__meta');
        meta.appendChild(el('span', 'doc-id', d.id));
        meta.appendChild(document.createTextNode(' · ' + d.type));
        if (d.status !== 'approved') {
            meta.appendChild(document.createTextNode(' '));
            meta.appendChild(el('span', 'status status--' + d.status,
                t(d.status) || d.status));
        }
        li.appendChild(meta);
        if (d.summary) {
            var sum = el('p', 'search-result__summary', d.summary);
            if (a.lang) sum.lang = d.lang;
            li.appendChild(sum);
        }
        var s = r.section >= 0 ? d.sections[r.section] : null;
        if (s && s[1]) {
            var sec = el('p', 'search-result__section', t('section') + ' ');
            var sa = el('a', null, s[0]);
            sa.href = d.url + '#' + s[1];
            if (a.lang) sa.lang = d.lang;
            sec.appendChild(sa);
            li.appendChild(sec);
        }
        return li;
    }

    function show(query) {
        var q = query.trim();
        if (!q) {
            box.hidden = true;
            az.hidden = false;
            list.textContent = '';
            say('');
            return;
        }
        var results = search(prepared, q);
        list.textContent = '';
        results.slice(0, MAX_SHOWN).forEach(function (r) {
            list.appendChild(item(r));
        });
        box.hidden = false;
        az.hidden = results.length > 0;
        var n = results.length, vars = {
            q: t('quoted', {q: q}), n: n, shown: MAX_SHOWN
        };
        say(t(n === 0 ? 'none' : n > MAX_SHOWN ? 'best' : n === 1 ? 'one' :
            'many', vars));
    }

    function run() {
        var q = input.value;
        if (!q.trim()) return show('');
        if (!prepared) say(t('loading'));
        load().then(function () { show(input.value); }, function () {});
    }

    /* The query stays in the address, so a result list can be shared and
       Back returns to it. */
    function remember() {
        try {
            var u = new URL(location.href);
            if (input.value.trim()) u.searchParams.set('q', input.value);
            else u.searchParams.delete('q');
            history.replaceState(null, '', u.href);
        } catch (e) { /* file: pages may refuse; the search still works */ }
    }

    input.addEventListener('focus', function () { load().catch(function () {}); });
    input.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () { run(); remember(); }, 150);
    });
    form.addEventListener('submit', function (e) {
        e.preventDefault();
        clearTimeout(timer);
        run();
        remember();
    });

    /* Arrow keys move between the input and the results' titles. */
    function titles() {
        return Array.prototype.slice.call(
            list.querySelectorAll('.search-result__title'));
    }
    input.addEventListener('keydown', function (e) {
        if (e.key === 'ArrowDown' && !box.hidden && titles().length) {
            e.preventDefault();
            titles()[0].focus();
        }
    });
    list.addEventListener('keydown', function (e) {
        var t = titles(), i = t.indexOf(document.activeElement);
        if (i < 0) return;
        if (e.key === 'ArrowDown' && i + 1 < t.length) t[i + 1].focus();
        else if (e.key === 'ArrowUp') (i > 0 ? t[i - 1] : input).focus();
        else if (e.key === 'Escape') input.focus();
        else return;
        e.preventDefault();
    });

    var initial = new URLSearchParams(location.search).get('q');
    if (initial) {
        input.value = initial;
        run();
    }
})();
