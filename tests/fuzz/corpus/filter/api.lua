local out = {}
local function add(x) out[#out + 1] = tostring(x) end
return {
  document = function(doc)
    add(ismsbook.today()); add(ismsbook.version); add(ismsbook.filter)
    add(ismsbook.date_add('2024-02-29', '12 months')); add(ismsbook.date_add('2026-03-01', -1))
    add(ismsbook.date_diff('2026-01-01', '2026-01-02')); add(ismsbook.is_date('2026-02-30'))
    add(ismsbook.escape('*a* [b](c) #1_x')); add(ismsbook.slug('Åtkomst & Scope'))
    local c = ismsbook.control('A.5.34'); if c then add(c.id); add(c.title); add(c.is_new) end
    add(#ismsbook.controls()); add(#ismsbook.controls('A.9.1.1'))
    local cl = ismsbook.clause('9.2'); if cl then add(cl.title); add(cl.parent) end
    local p = ismsbook.person('ciso'); if p then add(p.key); add(p.name); add(p.role) end
    local o = ismsbook.document('pol-b'); if o then add(o.title); for n in o:nodes() do add(n.type) end end
    add(doc.id .. '|' .. doc.path .. '|' .. doc.type .. '|' .. doc.language .. '|' .. doc.url)
    add(doc.classification .. '|' .. tostring(doc.published) .. '|' .. tostring(doc.review.days))
    ismsbook.log('seen', doc.id, nil, true)
    print('via print')
    doc:report{ rule = 'api', message = table.concat(out, ' '), severity = 'warning', key = 'owner' }
    doc:report{ rule = 'at-line', message = 'line', line = 20, col = 3 }
  end,
  site = function(site)
    local ids = {}
    for _, d in ipairs(site.documents) do ids[#ids + 1] = d.id end
    site:report{ rule = 'site', message = table.concat(ids, ',') .. ' ' .. site.title .. ' ' .. site.today }
    local a = site:document('POL-A'); if a then a:report{ rule = 'site-doc', message = 'x' } end
  end,
}
