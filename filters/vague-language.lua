-- SPDX-License-Identifier: MIT
-- vague-language: "regularly" needs a cadence.
--
-- "Access rights are reviewed regularly" cannot be audited; "every six
-- months" can. A paragraph or list item that uses a vague word and names
-- no cadence or deadline gets a style warning, so the author can say how
-- often or by when.
--
-- Options (all optional):
--   words      vague phrases, matched ignoring case; default: regularly,
--              periodically, as needed, as required, when necessary,
--              appropriate, appropriately, timely, in due course
--   cadences   extra Lua patterns that count as a cadence (lower case)
--   severity   warning (default) or error
--
-- Finding: vague-language, on the paragraph's line.

local options = ...
local severity = options.severity or "warning"
local words = options.words or {
  "regularly", "periodically", "as needed", "as required", "when necessary",
  "appropriate", "appropriately", "timely", "in due course",
}
-- What counts as saying how often or by when.
local cadences = {
  "%f[%a]daily%f[%A]", "%f[%a]weekly%f[%A]", "%f[%a]monthly%f[%A]",
  "%f[%a]quarterly%f[%A]", "%f[%a]annually%f[%A]", "%f[%a]yearly%f[%A]",
  "%f[%a]hourly%f[%A]", "every%s+%w+", "each%s+%a+", "at least once",
  "within%s+%d+", "within%s+%a+%s+%a*", "no later than", "before%s+%d",
  "once%s+a%s+%a+", "twice%s+a%s+%a+", "%d+%s*times%s+a",
  "per%s+%a+", "%d%d%d%d%-%d%d%-%d%d",
}
for _, c in ipairs(options.cadences or {}) do cadences[#cadences + 1] = c end

local function vague_word(text)
  for _, w in ipairs(words) do
    local p = "%f[%a]" .. w:lower():gsub("%W", "%%%0"):gsub("%%%s", "%%s+")
      .. "%f[%A]"
    if text:find(p) then return w end
  end
end

local function has_cadence(text)
  for _, c in ipairs(cadences) do
    if text:find(c) then return true end
  end
  return false
end

return {
  document = function(doc)
    for para in doc:nodes("paragraph") do
      local text = para.text:lower()
      local word = vague_word(text)
      if word and not has_cadence(text) then
        doc:report{ rule = "vague-language", severity = severity, node = para,
          message = "'" .. word .. "' without a cadence or deadline: say how "
            .. "often or by when (e.g. 'every six months', 'within 24 hours')" }
      end
    end
  end,
}
