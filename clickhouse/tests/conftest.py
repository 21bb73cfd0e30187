import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import chsql  # noqa: E402


@pytest.fixture(scope="session")
def ch():
    """One chdb session for the whole run (chdb keeps one per process)."""
    return chsql.connect()
