# assay: ignore[ccn, cognitive]
def quiet(a, b):
    if a and b:
        return 1
    return 0


def loud(a, b):
    if a and b:
        return 1
    return 0
