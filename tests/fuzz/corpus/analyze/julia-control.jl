module Control

function classify(x, y)
    if x > 0 && y > 0 || x > 100
        return 1
    elseif x == 0
        return 0
    else
        return 2
    end
end

function loops(xs)
    total = 0
    for x in xs
        while x > 0
            x -= 1
            x == 3 && continue
        end
        total += x > 5 ? x : 0
    end
    total
end

function guarded(a, b)
    a === nothing && return 0
    b || throw(ArgumentError("b"))
    try
        parse(Int, a)
    catch e
        rethrow()
    finally
        println("done")
    end
end

evens(xs) = [x for x in xs if iseven(x)]

end
