return { document = function(doc)
  for n in doc:nodes('heading') do n.level = n.level + 1; n.text = n.text .. ' <b>&' end
  for n in doc:nodes('link') do n.url = 'javascript:alert(1)'; n.title = '"t"' end
  for n in doc:nodes('image') do n.url = 'data:text/html,x' end
  for n in doc:nodes('code_block') do n.info = 'html'; n.text = '<script>x</script>' end
  for n in doc:nodes('block_quote') do n:replace('<div onclick="x">raw</div>\n\n# New heading') end
  for n in doc:nodes('item') do n:replace('- a\n- b\n  - c') end
  for n in doc:nodes('text') do
    local t = n.text
    local s, e = t:find('TBD')
    if s then n:replace(ismsbook.escape(t:sub(1, s - 1)) .. '[[POL-B]]' .. ismsbook.escape(t:sub(e + 1))) end
  end
  for n in doc:nodes('code') do n:remove() end
end }
