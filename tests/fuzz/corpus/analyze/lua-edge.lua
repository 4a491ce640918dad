local function add(a, b) return a + b end

local function doc()
  local s = [[
line one -- not a comment
line two]]
  local u = "-- not a comment either"
  return s .. u -- a trailing comment
end

local function pick(c, x, y)
  return c and x or y
end

local function make()
  local api = {
    run = function(n)
      while n > 0 do n = n - 1 end
    end,
  }
  local fixed <const> = function() end
  return api, fixed
end

local function chain(o)
  return o:method():other(o.field[1])
end
