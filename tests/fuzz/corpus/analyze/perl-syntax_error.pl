sub ok_before {
    my ($a) = @_;
    return $a if $a > 0;
    return -$a;
}

sub broken {
    my ($n) = @_;
    if ($n > 0 {
        print $n;
    }
}

sub ok_after {
    my ($a, $b) = @_;
    while ($a > $b) {
        $a -= $b;
    }
    return $a;
}
