use strict;
sub classify {
    my ($n) = @_;
    if ($n < 0) {
        return 'negative';
    } elsif ($n == 0) {
        return 'zero';
    } elsif ($n < 10) {
        return 'small';
    } else {
        return 'large';
    }
}

sub guard {
    my ($x, $y) = @_;
    return 0 unless defined $x;
    return 1 if $x && $y;
    return $x > $y ? $x : $y;
}

sub loops {
    my $n = shift;
    while ($n > 10) {
        $n--;
    }
    until ($n <= 0) {
        $n -= 2;
    }
    for my $i (1 .. $n) {
        print $i;
    }
    for (my $i = 0; $i < $n; $i++) {
        print $i;
    }
    $n++ while $n < 5;
    $n-- until $n < 3;
    print for 1 .. 3;
    do { $n++ } while ($n < 9);
    return $n;
}

sub nested {
    my ($xs) = @_;
    foreach my $x (@$xs) {
        if ($x) {
            unless ($x > 3) {
                next;
            } else {
                last;
            }
        }
    }
}

sub logic {
    my ($a, $b, $c) = @_;
    my $v = $a || $b || $c;
    my $w = $a && $b || $c;
    $v //= 3;
    $w ||= $v // 4;
    open(my $fh, '<', $a) or die "cannot open";
    $a and $b or $c xor $v;
    return ($a || $b) && $c;
}
