#!/usr/bin/env lua
local function main(...) return select("#", ...) end
os.exit(main(...))
