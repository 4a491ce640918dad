import functools


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


class Account:
    """A bank account."""

    rate = 2

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        if value < 0:
            raise ValueError("negative")
        self._balance = value

    @logged
    def deposit(self, amount, /, *, note=None):
        self._balance += amount if amount > 0 else 0
        return self._balance

    @staticmethod
    def parse(text):
        return int(text) if text.isdigit() else 0

    class Audit:
        def entries(self, log):
            return [e for e in log if e.valid and e.amount]


def größe(maß, *rest):
    return maß + len(rest)


async def fetch_all(urls, *, retries=3):
    results = []
    for url in urls:
        with open(url) as fh:
            if fh.readable() or retries:
                results.append(fh.read())
    return results
