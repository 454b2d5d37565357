return { document = function(doc)
  pcall(doc.report, doc, { message = 'x' })
  pcall(doc.report, doc, { rule = 'Bad Id', message = 'x' })
  pcall(doc.report, doc, { rule = 'filter-error', message = 'x' })
  pcall(doc.report, doc, { rule = 'ok', message = 'x', severity = 'fatal' })
  pcall(doc.report, doc, { rule = 'ok', message = 'multi\nline\0nul', line = -5 })
  for n in doc:nodes('text') do pcall(function() n.text = '\255' end) end
  for n in doc:nodes('text') do pcall(function() n.text = 'a\0b' end) end
  for n in doc:nodes('heading') do pcall(function() n.level = 7 end) end
  for n in doc:nodes('text') do n:remove(); pcall(n.remove, n) end
  pcall(function() for n in doc:nodes('hedaing') do end end)
  local t = {} ; t.t = t ; pcall(function() doc.meta.extra = t end)
  pcall(function() doc.meta.extra = { f = print } end)
end }
