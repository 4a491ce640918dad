use Test::More;
sub fact {
    my $n = shift;
    return $n <= 1 ? 1 : $n * fact($n - 1);
}
sub walk {
    my ($self, $node) = @_;
    $self->walk($_) for @{ $node->{kids} };
}
is(fact(3), 6, 'fact');
subtest 'inner' => sub {
    ok(1) if fact(1);
};
done_testing;
