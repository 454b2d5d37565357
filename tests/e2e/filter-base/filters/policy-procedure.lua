-- Every policy needs a procedure that links to it: a rule across
-- documents, so a site hook.
return {
  site = function(site)
    local orphans = 0
    for _, doc in ipairs(site.documents) do
      if doc.type == "policy" then
        local linked = false
        for _, id in ipairs(doc.referenced_by) do
          linked = linked or site:document(id).type == "procedure"
        end
        if not linked then
          orphans = orphans + 1
          doc:report{ rule = "policy-procedure", key = "id",
            message = "no procedure links to policy " .. doc.id }
        end
      end
    end
    if orphans > 0 then
      site:report{ rule = "policy-procedure", severity = "warning",
        message = "policies without a procedure linking to them: " .. orphans }
    end
  end,
}
