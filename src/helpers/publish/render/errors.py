"""The error every renderer problem raises: it names the file and, when known, the line."""

from __future__ import annotations


class RenderError(Exception):
    """A document uses something the renderer does not support, or a tool failed.

    `where` is "path" or "path:line"; the message reads "path:line: what is wrong".
    """

    def __init__(self, where: str, message: str):
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)
