package My::Shape;
use strict;

sub new {
    my ($class, %args) = @_;
    return bless {%args}, $class;
}

sub Other::Place::helper { 1 }

package My::Circle;
our @ISA = ('My::Shape');

sub area {
    my $self = shift;
    return 3.14 * $self->{r} ** 2;
}

package My::Block {
    sub inside { return 2 }
}

sub after_block { 3 }

{
    package Scoped;
    sub in_bare_block { 4 }
}

sub forward;

class Point 1.0 {
    field $x = 0;
    method norm { return $x }
}

1;
package Later;
{
    my $counter = 0;
    sub in_closure_block { return ++$counter }
}
BEGIN {
    *const_one = sub () { 1 };
}
