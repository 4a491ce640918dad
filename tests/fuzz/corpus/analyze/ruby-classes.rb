# classes.rb: modules, classes, singleton methods and their names
module Shop
  class Cart
    def initialize(items)
      @items = items
    end

    def total
      @items.sum(&:price)
    end

    def self.empty
      new([])
    end

    class << self
      def build(*items)
        new(items)
      end
    end

    def ==(other)
      other.is_a?(Cart) && items == other.items
    end

    def items=(list)
      @items = list
    end
  end

  module Tax::Rates
    def self.rate(code) = code == :de ? 19 : 0
  end

  def Cart.legacy; end
end

def helper
  1
end

class Shop::Order
  def each_line
    yield 1
  end
end
