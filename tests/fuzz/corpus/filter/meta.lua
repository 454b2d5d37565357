return { document = function(doc)
  if doc.id ~= 'POL-A' then return end
  local m = doc.meta
  m.owner = 'ceo'
  m.tags = { 'a', 'b' }
  m.controls = { 'A.5.15', 'A.8.1' }
  m.approved = '2026-02-30'
  doc.extra.rank = 2
  doc:report{ rule = 'probe', message = doc.title .. '|' .. doc.status .. '|' .. doc.review.state }
end }
