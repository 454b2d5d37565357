return {
  document = function(doc)
    local text = string.rep("a", 20000)
    return text:find(string.rep("a*", 25) .. "b")
  end,
}
