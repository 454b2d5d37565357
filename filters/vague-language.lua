-- SPDX-License-Identifier: MIT
-- vague-language: "regularly" needs a cadence.
--
-- "Access rights are reviewed regularly" cannot be audited; "every six
-- months" can. A paragraph or list item that uses a vague word and names
-- no cadence or deadline gets a style warning, so the author can say how
-- often or by when. Inline code does not count as prose.
--
-- Options (all optional):
--   words      vague phrases, matched as whole words ignoring case (also
--              of æ, ø, å, ä, ö); default: regularly,
--              periodically, as needed, as required, when necessary,
--              appropriate, appropriately, timely, in due course
--   cadences   extra Lua patterns that count as a cadence (lower case),
--              e.g. "every%s+change"; built in are "daily" ... "yearly",
--              dates, "within 24 hours", and "every", "each", "per" or
--              "within" before a unit of time ("every six months")
--   severity   warning (default) or error
--
-- Finding: vague-language, at the vague word's first use in the paragraph.

local options = ...
ismsbook.check_options{ words = "list", cadences = "list",
  severity = "severity" }
local severity = options.severity or "warning"
local words = options.words or {
  "regularly", "periodically", "as needed", "as required", "when necessary",
  "appropriate", "appropriately", "timely", "in due course",
}
-- What counts as saying how often or by when.
local cadences = {
  "%f[%a]daily%f[%A]", "%f[%a]weekly%f[%A]", "%f[%a]monthly%f[%A]",
  "%f[%a]quarterly%f[%A]", "%f[%a]annually%f[%A]", "%f[%a]yearly%f[%A]",
  "%f[%a]hourly%f[%A]", "at least once",
  "within%s+%d+", "no later than", "before%s+%d",
  "once%s+a%s+%a+", "twice%s+a%s+%a+", "%d+%s*times%s+a",
  "%d%d%d%d%-%d%d%-%d%d",
}
-- "every six months", "each quarter", "per year", "within two working
-- days": a lead word, up to two words, and a unit of time. Any word
-- after "every" would make "every employee" a cadence.
local units = { "second", "minute", "hour", "day", "week", "fortnight",
  "month", "quarter", "year", "sprint", "release" }
for _, lead in ipairs({ "every", "each", "per", "within" }) do
  for _, unit in ipairs(units) do
    for _, between in ipairs({ "", "[%w%-]+%s+", "[%w%-]+%s+[%w%-]+%s+" }) do
      cadences[#cadences + 1] = "%f[%a]" .. lead .. "%s+" .. between .. unit
        .. "s?%f[%A]"
    end
  end
end
for _, c in ipairs(options.cadences or {}) do cadences[#cadences + 1] = c end

-- TEXT in lower case, also the capitals of Latin-1 (Å to å, Æ to æ, Ö to
-- ö), so that Nordic words match whatever their case.
local function lower(text)
  return (text:lower():gsub("\195([\128-\158])", function(c)
    if c ~= "\151" then return "\195" .. string.char(c:byte() + 32) end
  end))
end

-- A vague word matches as a whole word: letters beyond ASCII (æ, ø, å,
-- ä, ö ...) belong to words, so "återkommande" is found and "timely" is
-- not found in "timelyånd".
-- Returns the word and the byte where it starts in TEXT.
local function vague_word(text)
  for _, w in ipairs(words) do
    local p = "%f[%w\128-\255]"
      .. lower(w):gsub("[^%w\128-\255%s]", "%%%0"):gsub("%s+", "%%s+")
      .. "%f[^%w\128-\255]"
    local at = text:find(p)
    if at then return w, at end
  end
end

local function has_cadence(text)
  for _, c in ipairs(cadences) do
    if text:find(c) then return true end
  end
  return false
end

-- The prose of PARA: its text, without inline code (a setting called
-- `appropriate_mode` is not vague) or link addresses; and its text nodes
-- with the byte of the prose each starts at, to place a finding.
local function prose(para)
  local parts, texts, len = {}, {}, 0
  for n in para:nodes("text", "softbreak", "linebreak") do
    local part = n.type == "text" and n.text or " "
    if n.type == "text" then texts[#texts + 1] = { node = n, from = len + 1 } end
    parts[#parts + 1] = part
    len = len + #part
  end
  return table.concat(parts), texts
end

-- The text node of TEXTS holding byte AT of the prose, and AT in its text.
local function place(texts, at)
  local found = texts[1]
  for _, t in ipairs(texts) do
    if t.from > at then break end
    found = t
  end
  return found.node, at - found.from + 1
end

return {
  document = function(doc)
    for para in doc:nodes("paragraph") do
      local raw, texts = prose(para)
      -- Lowering keeps every byte where it is (Å and å are two bytes).
      local text = lower(raw)
      local word, at = vague_word(text)
      if word and not has_cadence(text) then
        local node, off = place(texts, at)
        doc:report{ rule = "vague-language", severity = severity, node = node,
          at = off,
          message = "'" .. word .. "' without a cadence or deadline: say how "
            .. "often or by when (e.g. 'every six months', 'within 24 hours')" }
      end
    end
  end,
}
