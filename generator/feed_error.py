"""The one exception a feed writer raises when it cannot produce its file from this input.

It lives below the feeds and the KURSNET mapping, not in ``generator.feeds``: the mapping raises
it and the feeds registry uses the mapping, so keeping it in either package made the two import
each other.
"""

from __future__ import annotations


class FeedError(Exception):
    """A writer cannot produce its feed from this input; the message is German, for the user."""
