<#
.SYNOPSIS
  Comment-based help, not code.
#>
function Global:Set-Thing {
    FOREACH ($a in 1..2) {
        If ($a -xor $b) { Break }
    }
    Get-Item $env:TEMP && Write-Output 'ok'
    RETURN
}
