import json


def load(path):
    try:
        with open(path) as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return None
    except ValueError as err:
        raise RuntimeError("bad json") from err
    else:
        data["ok"] = True
    finally:
        print("done")
    return data


def command(cmd):
    match cmd:
        case "start":
            return 1
        case "stop":
            return 2
        case _:
            return 0


def route(cmd, verbose):
    match cmd:
        case "go":
            if verbose:
                print("going")
            return 1
        case _:
            for _ in range(3):
                print("waiting")
    return 0


def evens(items):
    return [x * 2 for x in items if x % 2 == 0]


def pairs(rows):
    return {(r, c) for r in rows for c in r if c}


def outer(values):
    def inner(v):
        if v > 0:
            return v
        return 0

    scale = lambda v: v * 10
    return sorted(map(lambda v: inner(v) or scale(v), values))


def scan(lines):
    for line in lines:
        if line:
            break
    else:
        return None
    return line


double = lambda x: x * 2
squares = list(map(lambda n: n * n, range(5)))
