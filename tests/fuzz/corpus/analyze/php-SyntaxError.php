<?php
// broken() has a call with a missing ')'
function okBefore($a)
{
	if ($a > 0) {
		return $a;
	}
	return -$a;
}

function broken($n)
{
	$s = 0;
	for ($i = 0; $i < $n; $i++) {
		$s += compute($i, $n;
	}
	return $s;
}

function okAfter($a, $b)
{
	while ($a > $b) {
		$a -= $b;
	}
	return $a;
}
