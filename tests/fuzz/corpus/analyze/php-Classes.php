<?php
declare(strict_types=1);

namespace App\Model;

use App\Contracts\Saveable;

interface Repo
{
	public function find(int $id): ?User;
}

abstract class Base implements Repo
{
	abstract protected function table(): string;

	public function __construct(protected readonly string $name, private int $size = 0)
	{
	}
}

final class User extends Base
{
	public function find(int $id): ?User
	{
		return $id > 0 ? new User('u') : null;
	}

	protected function table(): string
	{
		return 'users';
	}

	public static function make(string ...$names): static
	{
		return new static($names[0] ?? 'x');
	}

	public function listener()
	{
		return new class {
			public function handle($event)
			{
				if ($event) {
					return true;
				}
				return false;
			}
		};
	}
}

trait Greets
{
	public function hello(): string
	{
		return 'hi';
	}
}

enum Suit: string
{
	case Hearts = 'H';
	case Spades = 'S';

	public function color(): string
	{
		return match ($this) {
			Suit::Hearts => 'Red',
			Suit::Spades => 'Black',
		};
	}
}

function helper(&$ref, $x = null)
{
	return $x;
}
