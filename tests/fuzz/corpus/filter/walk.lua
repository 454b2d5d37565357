return { document = function(doc)
  local count, seen = 0, {}
  for n in doc:nodes() do
    count = count + 1
    seen[#seen + 1] = n.type .. ':' .. tostring(n.line) .. ':' .. tostring(n.col)
    if n.parent then seen[#seen + 1] = n.parent.type end
  end
  for n in doc:nodes('heading', 'link', 'image', 'code', 'code_block') do
    seen[#seen + 1] = tostring(n) .. (n.url or '') .. (n.title or '') ..
      (n.info or '') .. tostring(n.level) .. n.text
  end
  doc:report{ rule = 'walk', message = 'count=' .. count .. ' ' .. table.concat(seen, ' | ') }
end }
