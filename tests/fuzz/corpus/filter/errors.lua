return { document = function(doc)
  if doc.id == 'POL-B' then error({ 'table error' }) end
  doc.meta = 'x'
end }
