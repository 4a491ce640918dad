
"""Control-flow fixtures for assay.

Every expected number is counted by hand in control_flow.py.expect.
"""


def add(a, b):
    return a + b


def classify(n):
    """Return a word for the size of n."""
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"


def grid_sum(rows, limit):
    total = 0
    for row in rows:
        for cell in row:
            # skip the big cells
            if cell > limit:
                continue
            total += cell  # running sum
    while total > 100:
        total -= 100
    return total


def check(a, b, c, d):
    if a and b and c:
        return 1
    if a and b or c:
        return 2
    if a or b and c or d:
        return 3
    return 0


def pick(x, y):
    sign = "pos" if x > 0 else "neg"
    return sign if y else None


def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)


def validate(value):
    """Check value.

    Raises on anything that is not an int.
    """
    if value is None:
        raise ValueError("missing")
    if not isinstance(value, int):
        raise TypeError("not an int")
    return value
