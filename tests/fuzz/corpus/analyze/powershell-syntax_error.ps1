function Broken {
    if ($x -gt {
        'x'
}

function Fine {
    'ok'
}
