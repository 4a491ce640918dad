function Zero { 'none' }

function Two($a, $b = 2) { $a + $b }

function Advanced {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string]$Path,
        [switch]$Force,
        # a comment between parameters
        [int]$Depth = 1
    )
    $Path
}
