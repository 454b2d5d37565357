return {
  document = function(doc)
    doc.meta.status = "approved"
    doc.meta.last_reviewed = "2026-02-30"
  end,
}
