package Cb;

my $top = sub {
    my ($x) = @_;
    return $x ? 1 : 0;
};

sub register {
    my ($self, $name) = @_;
    my $handler = sub {
        my $e = shift;
        return $e if $e;
    };
    *{"Cb::$name"} = sub { 1 };
    *alias = sub { $_[0] || 0 };
    $self->{cb} = sub { 2 };
    my @s = sort { $a <=> $b } map { $_ + 1 } grep { defined && $_ } @_;
    return [ map { sub { $_ } } 1 .. 2 ];
}
