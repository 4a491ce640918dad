<?php
namespace Lib\Util {
	function clamp($v, $lo, $hi)
	{
		return max($lo, min($hi, $v));
	}

	class Str
	{
		public function len($s)
		{
			return strlen($s);
		}
	}
}

namespace {
	function global_one()
	{
		return 1;
	}

	class Plain
	{
		public function m()
		{
			return 2;
		}
	}
}
