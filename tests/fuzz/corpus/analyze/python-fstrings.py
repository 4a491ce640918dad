# f-string replacement fields are code; the text around them is one token per piece.
def greet(name, loud):
    return f"Hi {name.upper() if loud else name}!"


def table(rows, width):
    head = f"{'rows':>{width}} {len(rows) or 'none'}"
    body = [f"{r!r}" for r in rows if r]
    key = f"{(lambda r: r and r[0])(rows)}"
    return head + "plain {not a field}" + f"{{escaped}}" + key
