function Test-Value($x, $y) {
    if ($x -gt 0 -and $y -gt 0) {
        return 1
    } elseif ($x -lt 0) {
        return 2
    } else {
        foreach ($i in 1..3) {
            while ($i -lt 2) {
                $i++
            }
        }
    }
    return 0
}

function Get-Kind {
    param([string]$Name)
    switch ($Name) {
        'a' { 'one' }
        'b' { 'two' }
        default { 'other' }
    }
}

function Invoke-Safe {
    try {
        do {
            $n = 1
        } until ($n -eq 1 -or $n -eq 2)
    } catch [System.IO.IOException] {
        throw
    } catch {
        exit 1
    } finally {
        $n = 0
    }
    trap { continue }
    for ($i = 0; $i -lt 3; $i++) { break }
}
