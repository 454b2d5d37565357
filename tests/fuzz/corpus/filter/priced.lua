return { document = function(doc)
  pcall(string.gsub, string.rep('a', 1000), '(a*)*b', '')
  pcall(table.concat, {}, ',', 1, 1e8)
  pcall(table.unpack, {}, 1, 1e7)
  pcall(string.format, '%099999d', 1)
end }
