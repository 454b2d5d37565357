local r = {}
local function try(f, ...) local ok, v = pcall(f, ...) r[#r + 1] = tostring(ok) .. ':' .. tostring(v) end
for _, name in ipairs{ 'io', 'require', 'dofile', 'loadfile', 'debug', 'package', 'collectgarbage' } do
  r[#r + 1] = name .. '=' .. type(_G[name])
end
try(load, '\27Lua', 'b', 'b')
try(function() return load('return os.execute')() end)
try(getmetatable, '')
try(coroutine.wrap(function() while true do coroutine.yield() end end))
try(setmetatable, {}, { __gc = function() error('gc') end })
try(collectgarbage, 'count')
return { document = function(doc) doc:report{ rule = 'sandbox', message = table.concat(r, ' ') } end }
