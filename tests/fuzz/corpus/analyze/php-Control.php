<?php
// Control flow: every decision kind PHPMD counts, plus match arms, ?? and ??=.

function branches($a, $b)
{
	if ($a > 0) {
		return 1;
	} elseif ($a < 0) {
		return -1;
	} else if ($b) {
		return 2;
	} else {
		return 0;
	}
}

function loops(array $xs)
{
	$n = 0;
	for ($i = 0; $i < 3; $i++) {
		$n++;
	}
	foreach ($xs as $k => $v) {
		while ($v > 0) {
			$v--;
		}
	}
	do {
		$n--;
	} while ($n > 0);
	return $n;
}

function switcher($x)
{
	switch ($x) {
		case 1:
		case 2:
			return 'low';
		default:
			return 'other';
	}
}

function matcher($x)
{
	return match ($x) {
		1, 2 => 'low',
		3 => 'mid',
		default => 'high',
	};
}

function logic($a, $b, $c)
{
	if ($a && $b || $c) {
		return $a and $b;
	}
	$d = $a ?? $b;
	$d ??= $c;
	$e = $a xor $b;
	return $a ? $b : ($c ?: $d);
}

function tries()
{
	try {
		risky();
	} catch (A | B $e) {
		throw new C();
	} catch (D) {
		return null;
	} finally {
		cleanup();
	}
}

function colon($a)
{
	if ($a):
		echo 1;
	elseif ($a > 1):
		echo 2;
	else:
		echo 3;
	endif;
	foreach ($a as $x):
		echo $x;
	endforeach;
	while (false):
	endwhile;
}

function jumps($xs)
{
	foreach ($xs as $x) {
		foreach ($x as $y) {
			if ($y) {
				continue 2;
			}
			break;
		}
	}
	goto end;
	end:
	return fact(3);
}

function fact($n)
{
	return $n <= 1 ? 1 : $n * fact($n - 1);
}
