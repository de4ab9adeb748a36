"""Demo loader (order 70): filled in with the pages."""


def load(ctx) -> None:
    return None
