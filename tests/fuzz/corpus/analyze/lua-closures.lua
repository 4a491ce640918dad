-- Anonymous functions: folded into their unit unless bound to a name.
local function sorted(t, desc)
  table.sort(t, function(a, b)
    if desc then
      return a > b
    end
    return a < b
  end)
  return t
end

local function guarded(f)
  local ok, err = pcall(function()
    for i = 1, 3 do
      f(i)
    end
  end)
  return ok or err
end

describe("suite", function()
  it("works", function()
    assert(true)
  end)
end)

local counter = (function()
  local n = 0
  return function()
    n = n + 1
    return n
  end
end)()
