# exits.rb: return is an exit; raise is a method call
def find(list, key)
  list.each do |item|
    return item if item.key == key
  end
  raise KeyError, key
end

def parse(text)
  Integer(text)
rescue ArgumentError
  return nil
rescue TypeError, NoMethodError => e
  raise e
ensure
  log(text)
end

def loud(x)
  return if x.nil?
  return :small, x if x < 10
  :big
end

def fact(n)
  n <= 1 ? 1 : n * fact(n - 1)
end

def again(n)
  return 0 if n.zero?
  self.again(n - 1)
end

def cache
  @cache || (self.cache = {})
end
