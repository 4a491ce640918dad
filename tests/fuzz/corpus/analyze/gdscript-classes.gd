class_name Player
extends CharacterBody2D

signal died(reason)

const SPEED = 200
var hp: int = 10:
	set(value):
		if value < 0:
			value = 0
		hp = value
	get:
		return hp

var on_hit = func(dmg): hp -= dmg
var abstract_ok = 1


static func create(a, b = 2, c: int = 3, d: float = 1.0):
	return null


func _ready():
	var square = func(x): return x * x
	items.map(func(i):
		if i:
			return i
		return 0)
	var named = func helper(y):
		return y


class Inner:
	extends RefCounted
	var speed := 1.0

	func run(dt):
		speed += dt

	class Deeper:
		func go():
			return 1


func _process(delta):
	_process(delta)
