local function owner_of(doc)
  return doc.meta.owner.name:upper() -- owner is text: no .name
end

local function check(doc)
  local owner = owner_of(doc)
  return owner
end

return { document = function(doc) check(doc) end }
