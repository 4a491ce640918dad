local function fine(a)
  if a then return 1 end
  return 2
end

local function broken(x)
  if x then
    x = = 1
  end
end
