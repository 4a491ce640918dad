# a module with nothing but comments
# and documentation

=pod

sub not_code { if (1) { 2 } }

=cut
