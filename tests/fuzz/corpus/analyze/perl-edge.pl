#!/usr/bin/perl
use strict;

=head1 NAME

edge - POD between subs is documentation

=cut

sub heredoc {
    my $n = shift;
    my $text = <<"END";
if ($n) { unless and or }
END
    return $text =~ /a|b/ ? "x || y" : 'and';
}

sub chain {
    my ($h) = @_;
    my $v = $h->{a} // $h->{b} // 0;
    eval { risky() } or warn $@;
    return unless $v;
    print "ok\n" if $v and not $h->{skip};
}

sub deref {
    my ($h) = @_;
    for my $k (@{ $h->{list} || [] }) { print $k }
    return ${ \ ($h->{n} // 0) } + $#{ $h->{xs} };
    *{ $h->{x} ? "a" : "b" } = \&deref;
}
__DATA__
if (1) { 2 }
