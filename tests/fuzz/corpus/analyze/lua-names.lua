	local M = {}
M.util = {}

function M.new(x)
  return setmetatable({ x = x }, M)
end

function M.util.clamp(v, lo, hi)
  return math.max(lo, math.min(v, hi))
end

function M:get()
  return self.x
end

function global_helper()
end

local function outer()
  local function inner(a)
    return a
  end
  local bound = function(b) return b end
  return inner, bound
end

M.handler = function(ev)
  if ev then return true end
end

local cb, other = function() end, 1

local t = {
  on_start = function(self) end,
  ["on stop"] = function() end,
}

local function fact(n)
  if n <= 1 then
    return 1
  end
  return n * fact(n - 1)
end

function M.walk(node)
  return M.walk(node.next)
end

return M
