-- SPDX-License-Identifier: MIT
-- glossary: the first use of each defined term links to its definition.
--
-- The glossary is an ordinary document whose headings (level 2 by
-- default) are the terms:
--
--   ## Risk owner
--   The person accountable for managing a risk ...
--
-- In every other document, the first occurrence of each term (whole
-- words, ignoring case) becomes a link to its heading, [risk
-- owner](id:GLOSSARY#risk-owner), which ismsbook resolves and checks like
-- any link. Text inside code, links and headings is left alone.
--
-- Options:
--   document   required: the glossary document's id
--   level      heading level of the terms; default 2
--
--   filters:
--     - path: filters/glossary.lua
--       options: { document: ISMS-GLOSSARY }
--
-- Finding: glossary-missing (error, at the filters entry in handbook.yaml)
-- when the glossary document does not exist.

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
check_options("glossary", options, { document = "text", level = "level" })
if type(options.document) ~= "string" then
  error("glossary: options.document must be the glossary document's id")
end
local level = options.level or 2

-- A case-insensitive Lua pattern for TERM, whole words, any spacing.
local function pattern_of(term)
  local p = term:gsub("%W", "%%%0"):gsub("%a", function(c)
    return "[" .. c:lower() .. c:upper() .. "]"
  end):gsub("%%%s+", "%%s+")
  return "%f[%w]" .. p .. "%f[%W]"
end

local terms -- { {text, anchor, pattern} }, longest first

local function load_terms()
  local glossary = ismsbook.document(options.document)
  if not glossary then return nil end
  local list = {}
  for _, h in ipairs(glossary.headings) do
    if h.level == level then
      list[#list + 1] = { text = h.text, anchor = h.anchor,
                          pattern = pattern_of(h.text) }
    end
  end
  -- "Risk owner" before "Risk", so the longer term wins.
  table.sort(list, function(a, b)
    if #a.text ~= #b.text then return #a.text > #b.text end
    return a.text < b.text
  end)
  return list
end

local function skip(node)
  return node:ancestor("link") or node:ancestor("image")
    or node:ancestor("heading")
end

return {
  document = function(doc)
    if doc.id:lower() == options.document:lower() then return end
    terms = terms or load_terms()
    if not terms then return end
    local linked = {}
    for node in doc:nodes("text") do
      if not skip(node) then
        local text = node.text
        -- Left to right: the earliest match of a term not yet linked (the
        -- longest term when several start at the same place).
        local out, at, any = {}, 1, false
        while true do
          local best
          for _, t in ipairs(terms) do
            if not linked[t.anchor] then
              local s, e = text:find(t.pattern, at)
              if s and (not best or s < best.s) then
                best = { s = s, e = e, term = t }
              end
            end
          end
          if not best then break end
          linked[best.term.anchor] = true
          any = true
          out[#out + 1] = ismsbook.escape(text:sub(at, best.s - 1))
          out[#out + 1] = "[" .. ismsbook.escape(text:sub(best.s, best.e))
            .. "](id:" .. options.document .. "#" .. best.term.anchor .. ")"
          at = best.e + 1
        end
        if any then
          out[#out + 1] = ismsbook.escape(text:sub(at))
          node:replace(table.concat(out))
        end
      end
    end
  end,
  site = function(site)
    if not site:document(options.document) then
      site:report{ rule = "glossary-missing",
        message = "the glossary document '" .. options.document
          .. "' does not exist" }
    end
  end,
}
