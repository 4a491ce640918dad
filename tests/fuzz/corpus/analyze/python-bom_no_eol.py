﻿# BOM at the start, no newline at the end.
def first(xs):
    for x in xs:
        if x:
            return x
    return None