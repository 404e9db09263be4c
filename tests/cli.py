"""Running the ``claims`` command line in-process, the way a user's shell would."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from claims.cli import main


@dataclass
class Result:
    """What a command printed and how it exited."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    """Run ``claims ARGS`` and capture its exit status and output."""
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)
