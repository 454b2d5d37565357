local md = { '', 'para', '# H', '* x', '1. y', '> q', '```\nc\n```', '| a |\n|---|\n| b |',
             '[l](javascript:x)', '[[POL-A]]', '<script>x</script>', '---', 'a[^1]\n\n[^1]: n' }
return { document = function(doc)
  local i = 0
  for n in doc:nodes() do
    i = i % #md + 1
    local ok, err = pcall(function() n:replace(md[i]) end)
    if not ok then doc:report{ rule = 'replace', message = tostring(err), node = n } end
  end
end }
