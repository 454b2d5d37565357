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
local severity = options.severity or "error"
local words = options.words or { "TBD", "TODO", "FIXME", "TBC" }
local statuses = {}
for _, s in ipairs(options.statuses or { "approved" }) do statuses[s] = true end

-- Lua patterns for whole words: %f frontiers around the escaped word.
local patterns = {}
for i, w in ipairs(words) do
  patterns[i] = "%f[%w]" .. w:gsub("%W", "%%%0") .. "%f[%W]"
end

-- The first placeholder in TEXT and where it starts.
local function placeholder(text)
  for i, p in ipairs(patterns) do
    local at = text:find(p)
    if at then return words[i], at end
  end
end

return {
  document = function(doc)
    if not statuses[doc.status] then return end
    local word = placeholder(doc.title)
    if word then
      doc:report{ rule = "placeholder-text", severity = severity, key = "title",
        message = "the title contains the placeholder '" .. word .. "'" }
    end
    for node in doc:nodes("text") do
      local at
      word, at = placeholder(node.text)
      if word then
        -- A text node lies on one line: its column plus the offset.
        doc:report{ rule = "placeholder-text", severity = severity, node = node,
          column = node.column and node.column + at - 1,
          message = "'" .. word .. "' in a document with status "
            .. doc.status .. ": "
            .. "finish the text, or set the document back to draft" }
      end
    end
  end,
}
