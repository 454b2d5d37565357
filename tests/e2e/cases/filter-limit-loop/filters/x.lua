return {
  document = function(doc)
    while true do
      pcall(function() while true do end end)
    end
  end,
}
