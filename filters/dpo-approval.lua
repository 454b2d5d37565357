-- SPDX-License-Identifier: MIT
-- dpo-approval: documents about personal data need the DPO's approval.
--
-- ISO/IEC 27001:2022 control 5.34 (privacy and protection of PII) and the
-- GDPR give the data protection officer an independent say. An approved
-- document that implements one of the listed controls must therefore be
-- approved by the DPO, or record the DPO's separate sign-off as a date in
-- its front matter:
--
--   approver: mette.kristensen
--   extra: { dpo_approved: 2026-03-20 }
--
-- Options (all optional):
--   controls   controls that make a document a privacy document;
--              default [5.34]; 2013 ids such as A.18.1.4 are understood
--   dpo        the DPO's key in people: (which must list it, if the
--              handbook has people:); default: the person whose role is
--              "dpo"
--   severity   error (default) or warning
--
--   filters:
--     - path: filters/dpo-approval.lua
--       options: { controls: [5.34, 5.33], dpo: erik.lindqvist }
--
-- Finding: dpo-approval, at the document's approver.

local options = ...
ismsbook.check_options{ controls = "ids", dpo = "text", severity = "severity" }
if options.dpo and next(ismsbook.people())
    and not ismsbook.person(options.dpo) then
  error("dpo-approval: options.dpo in handbook.yaml is '" .. options.dpo
        .. "', who is not in people:")
end
local severity = options.severity or "error"

-- The 2022 ids of the privacy controls.
local privacy = {}
for _, id in ipairs(options.controls or { "5.34" }) do
  local mapped = ismsbook.controls(tostring(id))
  if #mapped == 0 then
    error("dpo-approval: '" .. tostring(id) .. "' in options.controls is "
          .. "not an Annex A control")
  end
  for _, c in ipairs(mapped) do privacy[c.id] = true end
end

local function find_dpo()
  if options.dpo then return options.dpo end
  local keys = {}
  for key, person in pairs(ismsbook.people()) do
    if person.role == "dpo" then keys[#keys + 1] = key end
  end
  table.sort(keys) -- pairs() has no order; be deterministic
  return keys[1]
end

local function is_privacy_document(meta)
  for _, id in ipairs(meta.controls or {}) do
    for _, c in ipairs(ismsbook.controls(tostring(id))) do
      if privacy[c.id] then return true end
    end
  end
  return false
end

return {
  document = function(doc)
    if doc.status ~= "approved" or not is_privacy_document(doc.meta) then
      return
    end
    local dpo = find_dpo()
    if not dpo then
      doc:report{ rule = "dpo-approval", severity = severity, key = "approver",
        message = "maps a privacy control, but handbook.yaml names no DPO "
          .. "(a person with role: dpo, or options.dpo)" }
      return
    end
    if doc.meta.approver == dpo then return end
    local signed = doc.extra.dpo_approved
    if type(signed) == "string" and ismsbook.is_date(signed)
        and ismsbook.date_diff(signed, ismsbook.today()) <= 0 then
      return
    end
    local person = ismsbook.person(dpo)
    doc:report{ rule = "dpo-approval", severity = severity, key = "approver",
      message = string.format("maps a privacy control, so %s (the DPO) must "
        .. "approve it, or record the DPO's sign-off as extra.dpo_approved "
        .. "(a date)", person and person.name or dpo) }
  end,
}
