local hoard = {}
return {
  document = function(doc)
    for i = 1, math.huge do
      hoard[i] = doc.title .. i
    end
  end,
}
