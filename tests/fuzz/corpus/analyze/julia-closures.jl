module Closures

square = x -> x^2

add = function (a, b)
    a + b
end

function apply(xs)
    map(xs) do x
        if x > 0
            x
        else
            0
        end
    end
end

function filtered(xs)
    keep = y -> y > 0 || isnan(y)
    filter(keep, xs)
end

function lambdas(xs)
    map(x -> x > 1 ? x : 1, xs)
end

open("f") do io
    read(io)
end

end
