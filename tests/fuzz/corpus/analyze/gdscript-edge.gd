extends "res://base.gd"
# Godot 3 forms: setget names functions, it is no unit.
var health = 5 setget set_health, get_health


func _init(a, b).(a):
	"""A string statement is a comment-like docstring."""
	pass


func set_health(v):
	health = clamp(v, 0, 100)


func get_health():
	return health


func abstract_one(x)


func sum(first, ...rest):
	for r in rest:
		if r == null:
			break
		first += r
	return first


func deep(grid):
	for row in grid:
		match row.size():
			0:
				continue
			_ when row[0]:
				while true:
					if $Player/Sprite.visible or %Unique.visible:
						return true
	return false
