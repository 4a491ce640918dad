
<?php
# Exits and parameters.

function none()
{
}

function many(int $a, ?string $b = null, array &$c = [], callable ...$rest): int
{
	if ($a < 0) {
		throw new InvalidArgumentException('a');
	}
	$v = $b ?? throw new LogicException('b');
	if ($a === 0) {
		exit(1);
	}
	if ($a === 1) {
		die('one');
	}
	yield $a;
	return $a;
}

function attributed(#[SensitiveParameter] $secret, /* the next */ $other)
{
	return fn() => $secret;
}
