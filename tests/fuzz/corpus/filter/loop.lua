return { document = function(doc) while true do end end }
