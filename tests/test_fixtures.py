"""The grading fixtures in tests/files are what make_fixtures.py builds from today's pre-test.

A pre-test whose keys or grade ids change leaves stale fixtures behind, and the robustness and
isolation tests (which run only where the sandbox works) then fail for the wrong reason. This check
runs everywhere and says what to run.
"""

import importlib.util

from conftest import FILES


def test_fixtures_are_rebuilt_from_the_current_pretest(tmp_path):
    spec = importlib.util.spec_from_file_location("make_fixtures", FILES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(out=tmp_path)
    built = sorted(p.name for p in tmp_path.iterdir())
    assert len(built) == 12
    stale = [name for name in built if (tmp_path / name).read_bytes() != (FILES / name).read_bytes()]
    assert not stale, f"stale fixtures {stale}: run python tests/files/make_fixtures.py and commit them"
