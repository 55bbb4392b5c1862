"""RulesError: a problem in a rule file, with its location."""

from __future__ import annotations

__all__ = ["RulesError"]


class RulesError(ValueError):
    """A rule file is broken: carries `file`, `line` and `column` (1-based) and a plain `message`."""

    def __init__(self, message: str, file: str = "<rules>", line: int = 0, column: int = 0) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self.location() + message)

    def location(self) -> str:
        """`file:line:column: ` (line and column only when known)."""
        if self.line:
            return f"{self.file}:{self.line}:{self.column}: "
        return f"{self.file}: "

    def __reduce__(self) -> tuple[type[RulesError], tuple[str, str, int, int]]:
        return (RulesError, (self.message, self.file, self.line, self.column))
