"""Link rules: conditions on the findings and flags of a message's links."""

from __future__ import annotations

from typing import Any

from ..verdict import Link

__all__ = ["link_matches"]


def link_matches(spec: dict[str, Any], link: Link) -> bool:
    """True when `link` satisfies every condition of the rule's `link:` mapping."""
    kinds = spec.get("findings")
    if kinds is not None:
        floor = spec.get("min_strength", 0.0)
        if not any(f.kind in kinds and f.strength >= floor for f in link.findings):
            return False
    elif "min_strength" in spec and not any(f.strength >= spec["min_strength"] for f in link.findings):
        return False
    if "official" in spec and link.official != spec["official"]:
        return False
    if "platform_hosted" in spec and link.platform_hosted != spec["platform_hosted"]:
        return False
    schemes = spec.get("schemes")
    return not (schemes is not None and link.scheme not in schemes)
