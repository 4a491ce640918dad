	func good(a):
	if a:
		return 1
	return 0


func bad(:
	var x = )
	return
