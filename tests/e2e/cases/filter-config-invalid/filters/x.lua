return { document = function(doc) end }
