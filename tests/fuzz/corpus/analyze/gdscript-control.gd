extends Node


func classify(n: int) -> String:
	if n < 0:
		return "neg"
	elif n == 0:
		return "zero"
	else:
		return "pos"


func loops(items, limit):
	var total := 0
	for x in items:
		if x > limit and x < 100:
			continue
		total += x
	while total > 10 or total < -10 or total == 5:
		total /= 2
	return total


func matching(value):
	match value:
		1, 2:
			print("small")
		[var a, var b]:
			print(a, b)
		var x when x > 10:
			print("big")
		_:
			print("other")


func pick(a, b):
	return a if a > b else b


func symbols(a, b, c):
	if a && b || c:
		pass
	if not (a and b):
		pass
