
local Obj = {}

local function none() end
local function three(a, b, c) return a end
local function rest(fmt, ...) return fmt:format(...) end
local function only_rest(...) return select("#", ...) end
function Obj:method(x, y) return self, x, y end
function Obj.static(self, x) return self, x end
local function commented(a, --[[ the second ]] b) return a, b end

local function exits(x)
  if x == 1 then
    return
  elseif x == 2 then
    return 1, 2
  end
  error("no exit: a call")
  return x
end

return Obj
