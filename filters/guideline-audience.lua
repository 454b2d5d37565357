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

-- Checks the options against KINDS, which maps each option to what it
-- must be: "text", "list" (of text), "ids" (a list of text or numbers),
-- "severity" or "level". An unknown option or a wrong value stops the
-- build with a filter-error that names it: a typo must not turn the rule
-- off without a word.
local function check_options(name, options, kinds)
  local function describe(v)
    if type(v) == "string" then return "'" .. v .. "'" end
    if type(v) == "table" then
      return #v > 0 and "a list holding other values" or "a map"
    end
    return tostring(v)
  end
  local keys, known = {}, {}
  for key in pairs(options) do keys[#keys + 1] = tostring(key) end
  for key in pairs(kinds) do known[#known + 1] = key end
  table.sort(keys)
  table.sort(known)
  for _, key in ipairs(keys) do
    local kind, v, want = kinds[key], options[key], nil
    if not kind then
      error(name .. ": unknown option '" .. key .. "' in handbook.yaml "
            .. "(the options are " .. table.concat(known, ", ") .. ")", 2)
    elseif kind == "text" and type(v) ~= "string" then
      want = "text"
    elseif kind == "severity" and v ~= "error" and v ~= "warning" then
      want = "error or warning"
    elseif kind == "level" and (math.type(v) ~= "integer" or v < 1
                                or v > 6) then
      want = "a heading level from 1 to 6"
    elseif kind == "list" or kind == "ids" then
      local n, ok = 0, type(v) == "table"
      for _, x in pairs(ok and v or {}) do
        n = n + 1
        ok = ok and (type(x) == "string"
                     or kind == "ids" and type(x) == "number")
      end
      if not ok or n ~= #v then
        want = kind == "ids" and "a list such as [5.34, A.18.1.4]"
          or "a list of text such as [a, b]"
      end
    end
    if want then
      error(name .. ": options." .. key .. " in handbook.yaml must be "
            .. want .. ", not " .. describe(v), 2)
    end
  end
end

local options = ...
check_options("guideline-audience", options,
  { types = "list", audiences = "list", severity = "severity" })
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
