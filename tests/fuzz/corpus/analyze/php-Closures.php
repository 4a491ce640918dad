<?php
// Closures and arrow functions under the default `bound` policy.

$double = fn($x) => $x * 2;

$greet = function (string $who) use ($double): string {
	return $who ? "hi $who" : 'nobody';
};

array_map(function ($v) {
	return $v ?: 0;
}, [1, 2]);

class Cart
{
	private $filter;

	public function __construct()
	{
		$this->filter = static fn(int $n): bool => $n > 0 && $n < 10;
	}

	public function total(array $items)
	{
		$sum = 0;
		array_walk($items, function ($item) use (&$sum) {
			if ($item > 0) {
				$sum += $item;
			}
		});
		$tax = fn($v) => $v > 100 ? $v * 0.2 : 0;
		return $sum + $tax($sum);
	}

	public function sorter()
	{
		usort($this->items, fn($a, $b) => $a <=> $b ?: strcmp($a, $b));
		$cmp = &$this->cmp;
		$cmp = function () {
			return 0;
		};
	}
}
