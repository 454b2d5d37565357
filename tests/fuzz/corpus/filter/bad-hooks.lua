return { document = 1, site = "x", other = function() end }
