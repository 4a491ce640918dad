-- Control flow: every decision luacheck counts.
local function classify(n)
  if n < 0 then
    return "negative"
  elseif n == 0 then
    return "zero"
  elseif n < 10 then
    return "small"
  else
    return "large"
  end
end

local function loops(t)
  local sum = 0
  for i = 1, #t do
    sum = sum + t[i]
  end
  for k, v in pairs(t) do
    while v > 0 do
      v = v - 1
    end
  end
  repeat
    sum = sum - 1
  until sum < 0
  return sum
end

local function logic(a, b, c, d)
  local x = a and b
  local y = a and b or c
  local z = a or b and c or d
  if (a and b) and c then
    x = not (c or d)
  end
  return x, y, z
end

local function deep(t)
  for i = 1, 3 do
    if t[i] then
      while t[i] > 0 do
        if t[i] % 2 == 0 then
          goto continue
        end
        t[i] = t[i] - 1
      end
    end
    ::continue::
  end
end

local function breaks(t)
  for _, v in ipairs(t) do
    if v then break end
  end
  do
    local inner = 1
    if inner then return inner end
  end
end
