@export var speed := 1.0


@warning_ignore("unused_parameter")
func tick(delta):
	if speed > 1.0:
		speed -= delta
	# an indented comment after the last statement

	# and another one


func after():
	pass
