# blocks.rb: lambdas, procs and blocks (unit policy bound)
square = ->(x) { x * x }

adder = lambda do |a, b|
  a + b if a && b
end

def process(list)
  list.each do |item|
    next unless item
    puts item
  end
  list.map { |v| v * 2 }
  list.tap { |l| l.compact! if l }
  check = ->(v) { v.nil? ? 0 : v }
  check.call(list.first)
end

def retrying
  3.times do
    begin
      return yield
    rescue IOError
      sleep 1
    end
  end
end

items = [1, 2].select do |n|
  n.odd?
end

def forward(list, &blk)
  list.each(&blk)
  list.instance_eval(&blk)
  list.tap do |l|
    l.sort_by(&:size)
  end
end
