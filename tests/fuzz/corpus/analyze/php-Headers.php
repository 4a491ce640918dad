<?php
// Loop headers are not nested: a decision in them counts at the loop's own level.

function headers($keys, $n)
{
	foreach (is_array($keys) ? $keys : [$keys] as $key) {
		echo $key;
	}
	for ($i = $n > 0 ? $n : 0; $i > 0; $i--) {
		if ($i % 2 ? true : false) {
			echo $i;
		}
	}
}
