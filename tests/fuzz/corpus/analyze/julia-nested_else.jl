	function pick(a, b)
    if a
        1
    elseif b
        2
    else
        if a && b
            3
        end
    end
end
