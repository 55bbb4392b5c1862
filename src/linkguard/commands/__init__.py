"""Subcommands kept out of cli.py: each module has `register(subparsers)` and `run(args) -> int`."""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["positive_int", "silence_stdout"]


def positive_int(value: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def silence_stdout() -> None:
    """After a broken pipe: point stdout at devnull so the final flush at exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
