# Written with CRLF line endings.

def sign(x):
    if x > 0:
        return 1
    elif x < 0:
        return -1
    return 0


def drain(n):
    total = 0
    for i in range(n):
        while i > 0:
            i -= 1
            total += i
    return total
