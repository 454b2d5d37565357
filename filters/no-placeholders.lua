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
check_options("no-placeholders", options,
  { words = "list", statuses = "list", severity = "severity" })
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
        -- A text node lies on one line: its column plus the offset.
        doc:report{ rule = "placeholder-text", severity = severity, node = node,
          column = node.column and node.column + p.at - 1,
          message = "'" .. p.word .. "' in a document with status "
            .. doc.status .. ": "
            .. "finish the text, or set the document back to draft" }
      end
    end
  end,
}
