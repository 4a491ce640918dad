	# syntax_error.rb: broken has a call that lacks its )
def ok_before(a)
  return a if a > 0
  -a
end

def broken(n)
  if n > 0
    n.times { |i| puts(i }
  end
end

def ok_after(a, b)
  while a > b
    a -= b
  end
  a
end
