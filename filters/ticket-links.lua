-- SPDX-License-Identifier: MIT
-- ticket-links: ticket ids such as SEC-123 become links to the tracker.
--
-- Handbooks mention the tickets that track risks, incidents and
-- nonconformities. With this filter the text "see SEC-123" links to the
-- ticket, wherever it is written, except inside code, existing links and
-- headings. The link's text stays the id.
--
-- Options:
--   url        required: the ticket's address, with {id} for the id, e.g.
--              https://jira.example.org/browse/{id}
--   prefixes   project keys; default [SEC]
--
--   filters:
--     - path: filters/ticket-links.lua
--       options: { url: "https://jira.example.org/browse/{id}",
--                  prefixes: [SEC, RISK] }
--
-- Reports nothing; a missing url stops the build with filter-error.

local options = ...
ismsbook.check_options{ url = "text", prefixes = "list" }
if type(options.url) ~= "string" or not options.url:find("{id}", 1, true) then
  error("ticket-links: options.url must be the tracker's address with {id}, "
        .. "e.g. https://jira.example.org/browse/{id}")
end
local prefixes = options.prefixes or { "SEC" }
local patterns = {}
for i, p in ipairs(prefixes) do
  if not tostring(p):find("^[%w_]+$") then
    error("ticket-links: options.prefixes in handbook.yaml must be project "
          .. "keys such as SEC, not '" .. tostring(p) .. "'")
  end
  patterns[i] = "%f[%w]" .. tostring(p):gsub("%W", "%%%0") .. "%-%d+%f[%W]"
end

-- The first ticket id in TEXT at or after INIT: its start and end. FOUND
-- keeps each pattern's next match (false: none left), so every pattern
-- scans the text once, not once per id found.
local function next_ticket(text, init, found)
  local best_s, best_e
  for i, p in ipairs(patterns) do
    local m = found[i]
    if m == nil or (m and m[1] < init) then
      local s, e = text:find(p, init)
      m = s and { s, e } or false
      found[i] = m
    end
    if m and (not best_s or m[1] < best_s) then best_s, best_e = m[1], m[2] end
  end
  return best_s, best_e
end

local function skip(node)
  return node:ancestor("link") or node:ancestor("image")
    or node:ancestor("heading")
end

return {
  document = function(doc)
    for node in doc:nodes("text") do
      local text, found = node.text, {}
      local s, e = next_ticket(text, 1, found)
      if s and not skip(node) then
        local out, at = {}, 1
        while s do
          local id = text:sub(s, e)
          out[#out + 1] = ismsbook.escape(text:sub(at, s - 1))
          out[#out + 1] = "[" .. id .. "](<"
            .. options.url:gsub("{id}", id) .. ">)"
          at = e + 1
          s, e = next_ticket(text, at, found)
        end
        out[#out + 1] = ismsbook.escape(text:sub(at))
        node:replace(table.concat(out))
      end
    end
  end,
}
