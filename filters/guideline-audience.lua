-- SPDX-License-Identifier: MIT
-- guideline-audience: every guideline says who it is for.
--
-- Guidelines are what employees read; the intranet lists them by audience,
-- so a guideline without one is hard to find and nobody knows it applies
-- to them. A document of the listed types needs a non-empty audience:
--
--   audience: [all-staff]        # or [developers, it-operations], ...
--
-- Folder defaults in handbook.yaml (defaults: values: audience) count.
--
-- Options (all optional):
--   types      document types that need an audience; default [guideline]
--   audiences  the allowed audience names; default: any
--   severity   error (default) or warning
--
-- Findings: audience-missing (at the front matter's start),
-- audience-unknown (at the audience list).

local options = ...
ismsbook.check_options{ types = "list", audiences = "list",
  severity = "severity" }
local severity = options.severity or "error"
local types = {}
for _, t in ipairs(options.types or { "guideline" }) do types[t] = true end
local allowed
if options.audiences then
  allowed = {}
  for _, a in ipairs(options.audiences) do allowed[a] = true end
end

return {
  document = function(doc)
    if not types[doc.type] then return end
    local audience = doc.meta.audience
    if type(audience) == "string" then audience = { audience } end
    if not audience or #audience == 0 then
      doc:report{ rule = "audience-missing", severity = severity,
        message = "a " .. doc.type .. " must name its audience, e.g. "
          .. "'audience: [all-staff]'" }
      return
    end
    for _, a in ipairs(allowed and audience or {}) do
      if not allowed[a] then
        doc:report{ rule = "audience-unknown", severity = severity,
          key = "audience",
          message = "audience '" .. tostring(a) .. "' is not one of the "
            .. "audiences in the filter's options" }
      end
    end
  end,
}
