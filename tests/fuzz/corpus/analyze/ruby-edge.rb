# edge.rb: Ruby's own short-circuits and modifiers
def settings(user)
  @cache ||= {}
  @cache[:name] &&= user&.name
  user&.profile&.theme or :default
end

def safe_div(a, b)
  (a / b rescue nil) || 0
end

def logic(a, b, c)
  a && b and c || not(a) or b
end

=begin
A block comment: these lines are comments.
def hidden; end
=end

def report(name)
  text = <<~EOS
    Hello #{name}
    #{name.size > 3 ? "long" : "short"}
  EOS
  text
end

def poll
  begin
    tick
  end while ready?
end
__END__
def not_code; end
