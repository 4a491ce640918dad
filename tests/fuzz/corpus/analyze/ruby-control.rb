# control.rb: conditionals, loops, case/when, case/in
def classify(n)
  if n < 0
    :negative
  elsif n == 0
    :zero
  elsif n < 10
    :small
  else
    :large
  end
end

def guard(a, b)
  return 0 unless a
  return 1 if b && a > b
  x = a > 0 ? a : -a
  x
end

def count_down(n)
  while n > 0
    n -= 1
    redo_it = false
  end
  until n >= 10
    n += 2
  end
  for i in 1..3
    n += i
  end
  n += 1 while n < 100
  n
end

def season(month)
  case month
  when 12, 1, 2 then :winter
  when 3..5 then :spring
  when 6..8 then :summer
  else :autumn
  end
end

def shape(point)
  case point
  in [x, y] if x == y
    :diagonal
  in [x, y]
    :plane
  in {z:}
    :space
  else
    :unknown
  end
end

def nested(rows)
  unless rows.empty?
    if rows.first
      while rows.size > 1
        rows.pop
      end
    else
      rows.clear
    end
  end
end

def else_then_if(a, b)
  if a
    1
  else
    if b
      2
    end
    3
  end
end

def modifiers(q)
  q.shift until q.empty?
  q.push(1) unless q.frozen?
  if q.empty?
    :empty
  else
    :full
  end unless q.nil?
end
