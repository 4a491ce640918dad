# params.rb: every kind of parameter
def none; end

def plain(a, b, c); end

def defaults(a, b = 1, c = b * 2); end

def rest(*args, **opts, &blk); end

def keywords(name:, age: 0); end

def destructure((first, last), mid); end

def forward(...)
  plain(...)
end

def no_keywords(a, **nil); end

def anonymous_rest(*, **, &); end

def unparenthesized a, b
  a + b
end

def run
  [[1, 2]].each { |(x, y), z; tmp| tmp = x }
end
