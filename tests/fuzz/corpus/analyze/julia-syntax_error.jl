module Broken

ok(x) = x + 1

function bad(x)
    if x >
end

end
