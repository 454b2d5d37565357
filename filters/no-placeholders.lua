-- SPDX-License-Identifier: MIT
-- no-placeholders: no "TBD" or "TODO" left in an approved document.
--
-- A placeholder in a draft is work in progress; in an approved document it
-- is a gap an auditor will find. Words are matched whole and in capitals,
-- in the title and in the text (headings, paragraphs, lists, tables), but
-- not in code, which may legitimately say TODO.
--
-- Options (all optional):
--   words      default [TBD, TODO, FIXME, TBC]
--   statuses   the statuses checked; default [approved]
--   severity   error (default) or warning
--
-- Finding: placeholder-text, on the line of each occurrence.

local options = ...
ismsbook.check_options{ words = "list", statuses = "list",
  severity = "severity" }
local severity = options.severity or "error"
local words = options.words or { "TBD", "TODO", "FIXME", "TBC" }
local statuses = {}
for _, s in ipairs(options.statuses or { "approved" }) do statuses[s] = true end

-- Lua patterns for whole words: %f frontiers around the escaped word
-- (on the sides where it has a letter or digit, so "???" works too).
local patterns = {}
for i, w in ipairs(words) do
  if w == "" then
    error("no-placeholders: options.words in handbook.yaml has an empty word")
  end
  patterns[i] = (w:find("^%w") and "%f[%w]" or "") .. w:gsub("%W", "%%%0")
    .. (w:find("%w$") and "%f[%W]" or "")
end

-- Every placeholder in TEXT, in order: { {word = w, at = start}, ... }.
local function placeholders(text)
  local found = {}
  for i, p in ipairs(patterns) do
    local init = 1
    while true do
      local s, e = text:find(p, init)
      if not s then break end
      found[#found + 1] = { word = words[i], at = s }
      init = e + 1
    end
  end
  table.sort(found, function(a, b)
    if a.at ~= b.at then return a.at < b.at end
    return a.word < b.word
  end)
  return found
end

return {
  document = function(doc)
    if not statuses[doc.status] then return end
    for _, p in ipairs(placeholders(doc.title)) do
      doc:report{ rule = "placeholder-text", severity = severity, key = "title",
        message = "the title contains the placeholder '" .. p.word .. "'" }
    end
    for node in doc:nodes("text") do
      for _, p in ipairs(placeholders(node.text)) do
        -- At the word's own line and column: at = its byte in node.text.
        doc:report{ rule = "placeholder-text", severity = severity, node = node,
          at = p.at,
          message = "'" .. p.word .. "' in a document with status "
            .. doc.status .. ": "
            .. "finish the text, or set the document back to draft" }
      end
    end
  end,
}
