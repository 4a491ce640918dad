module Shapes

struct Point{T} <: AbstractPoint
    x::T
    y::T
    Point{T}(x, y) where {T} = new(x, y)
end

area(p::Point) = 0
area(c::Circle) = c.r^2

function Base.show(io::IO, p::Point)
    print(io, p.x)
end

Base.:(==)(a::Point, b::Point) = a.x == b.x

a ⊕ b = a + b

function (p::Point)(t)
    p.x * t
end

macro twice(ex)
    :($ex; $ex)
end

function outer(n)
    inner(k) = k + n
    inner(1)
end

function fact(n)
    n <= 1 ? 1 : n * fact(n - 1)
end

function declared end

function (@main)(args)
    0
end

end
