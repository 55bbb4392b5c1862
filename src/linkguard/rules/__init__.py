"""The rule engine: loading, validation and the matchers of each rule kind."""

from .errors import RulesError

__all__ = ["RulesError"]
