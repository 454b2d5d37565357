return {
  document = function(doc)
    local f = io.open("/etc/passwd")
    doc:report{ rule = "leak", message = f:read("a") }
  end,
}
