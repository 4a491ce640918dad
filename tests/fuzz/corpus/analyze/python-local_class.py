# local_class.py: a class defined inside a function (doctest.py, unittest's mocks)
def make_checker(strict, verbose):
    if strict and verbose:
        level = 2
    else:
        level = 1

    class Checker:
        limit = 10 if strict else 100
        names = [n for n in ("a", "b") if n]

        def check(self, x):
            return x < self.limit or level > 1

    return Checker
