return {
  document = function(doc)
    if doc.id == "POL-001" then
      doc:report{ rule = "x", message = "y" }
  end,
}
