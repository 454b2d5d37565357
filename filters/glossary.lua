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
-- words, ignoring case; æ, ø, å, ä, ö and the other letters of Latin-1
-- are letters, so "Risk" is not linked inside "riskägare") becomes a
-- link to its heading, [risk owner](id:GLOSSARY#risk-owner), which
-- ismsbook resolves and checks like any link. Text inside code, links and headings is left alone.
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

local options = ...
ismsbook.check_options{ document = "text", level = "level" }
if type(options.document) ~= "string" then
  error("glossary: options.document must be the glossary document's id")
end
local level = options.level or 2

-- TEXT for matching: lower case, also for the letters of Latin-1 (Å to
-- å, Ä to ä), and every character that is not a letter or digit beyond
-- ASCII (– ” « » a no-break space ...) turned into spaces. Letters from
-- U+00C0 on stay, so æ, ø, å, ä and ö belong to words: "risk" is not a
-- word of "riskägare". Lengths do not change, so positions in the result
-- are positions in TEXT.
local function normalise(text)
  local s = text:lower():gsub("\195([\128-\158])", function(c)
    if c ~= "\151" then return "\195" .. string.char(c:byte() + 32) end
  end)
  return (s:gsub("[\192-\255][\128-\191]*", function(ch)
    local cp = utf8.len(ch) == 1 and utf8.codepoint(ch)
    if cp and cp >= 0xC0 and cp ~= 0xD7 and cp ~= 0xF7
        and not (cp >= 0x2000 and cp <= 0x2BFF)
        and not (cp >= 0x3000 and cp <= 0x303F) then
      return nil
    end
    return string.rep(" ", #ch)
  end))
end

local WORD = "[%w\128-\255]"   -- a byte of a word, in normalised text

-- A term: its first word and an anchored pattern for it in normalised
-- text (whole words, any spacing); a term that starts with punctuation
-- has no first word and an unanchored pattern.
local function term_of(heading)
  local n = normalise(heading.text):gsub("%s+", " "):gsub("^ ", "")
    :gsub(" $", "")
  if n == "" then return nil end
  local p = n:gsub("[^%w\128-\255 ]", "%%%0"):gsub(" ", "%%s+")
  if n:find(WORD .. "$") then p = p .. "%f[^%w\128-\255]" end
  local first = n:match("^" .. WORD .. "+")
  return { text = heading.text, anchor = heading.anchor, first = first,
           pattern = first and "^" .. p or p }
end

local by_first -- first word -> its terms, longest first
local loose    -- the terms without a first word, longest first

local function load_terms()
  local glossary = ismsbook.document(options.document)
  if not glossary then return nil end
  by_first, loose = {}, {}
  for _, h in ipairs(glossary.headings) do
    local t = h.level == level and term_of(h)
    if t and t.first then
      by_first[t.first] = by_first[t.first] or {}
      table.insert(by_first[t.first], t)
    elseif t then
      loose[#loose + 1] = t
    end
  end
  -- "Risk owner" before "Risk", so the longer term wins.
  local function longest(a, b)
    if #a.text ~= #b.text then return #a.text > #b.text end
    return a.text < b.text
  end
  for _, list in pairs(by_first) do table.sort(list, longest) end
  table.sort(loose, longest)
  return true
end

-- The earliest match at or after AT in normalised text N of a term not
-- yet LINKED (the longest term when several start at the same place):
-- { s, e, term }, or nil. Only the words of N are looked up, so the work
-- grows with the text, not with the text times the terms.
local function next_match(n, at, linked)
  local best
  for _, t in ipairs(loose) do
    if not linked[t.anchor] then
      local s, e = n:find(t.pattern, at)
      if s and (not best or s < best.s) then
        best = { s = s, e = e, term = t }
      end
    end
  end
  for s, word in n:gmatch("()(" .. WORD .. "+)", at) do
    if best and s >= best.s then break end
    -- Not the rest of a word that the last match ended in.
    if not (s == at and s > 1 and n:find("^" .. WORD, s - 1)) then
      for _, t in ipairs(by_first[word] or {}) do
        if not linked[t.anchor] then
          local _, e = n:find(t.pattern, s)
          if e then return { s = s, e = e, term = t } end
        end
      end
    end
  end
  return best
end

local function skip(node)
  return node:ancestor("link") or node:ancestor("image")
    or node:ancestor("heading")
end

return {
  document = function(doc)
    if doc.id:lower() == options.document:lower() then return end
    if not by_first and not load_terms() then return end
    local linked = {}
    for node in doc:nodes("text") do
      if not skip(node) then
        local text = node.text
        local n = normalise(text)
        local out, at, any = {}, 1, false
        while true do
          local best = next_match(n, at, linked)
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
