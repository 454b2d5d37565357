-- A wiki link's text replaced by another wiki link: resolving the outer
-- one relabels it, freeing the inner link it still has to resolve.
return { document = function(doc)
  for n in doc:nodes('text') do
    if n.parent.type == 'link' then n:replace('[[POL-A]]') end
  end
end }
