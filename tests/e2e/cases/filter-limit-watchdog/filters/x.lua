return {
  document = function(doc)
    local text = string.rep("a", 100000)
    return text:find(string.rep("a*", 30) .. "b")
  end,
}
