
function none() end
function pos(a, b::Int, c) end
function opt(a, b = 1; c, d = 2) end
function splat(args...; kw...) end
function typed(::Type{T}, x)::T where {T} end
short(x, y) = x
pair = (a, b) -> a
single = a -> a
zero = () -> 1
