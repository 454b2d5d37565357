-- Site-specific rewrites: a cleaner heading, no editorial notes, and a
-- value for the template.
return {
  document = function(doc)
    for node in doc:nodes("heading", "block_quote") do
      if node.type == "heading" then
        node.text = node.text:gsub("%s*%(draft%)", "")
      elseif node.text:find("^Draft note") then
        node:remove()
      end
    end
    doc.extra.reviewed_by = "Security team"
    doc:report{ rule = "label-demo", message = "build does not fail on this" }
  end,
}
