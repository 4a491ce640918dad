use feature 'signatures';
sub none { return 1 }
sub shifts {
    my $self = shift;
    my $x = shift @_;
    my $y = shift;
    return $x + $y;
}
sub list {
    # the arguments
    my ($self, $a, @rest) = @_;
    my $after = shift;
    return @rest;
}
sub mixed {
    my $self = shift;
    my %opts = @_;
    return \%opts;
}
sub late {
    print "hi";
    my ($x) = @_;
    return $x;
}
sub sig ($x, $y = 2, %opts) { return $y }
sub sig_none () { 1 }
sub proto($$;@) { 1 }
sub proto_ref(\[$@%]$) { 2 }
