"""Small helpers shared by the example rules."""
from collections.abc import Mapping
from functools import reduce


def deep_get(dictionary: dict, *keys, default=None):
    """Return the value at a nested path, or default when any level is missing."""
    out = reduce(
        lambda d, key: d.get(key, default) if isinstance(d, Mapping) else default, keys, dictionary
    )
    if out is None:
        return default
    return out
