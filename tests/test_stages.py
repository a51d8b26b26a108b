from __future__ import annotations

import pytest

from newsdossier.errors import StageError
from newsdossier.stages import all_stages, resolve_stages


def test_stages_builtin_registry_has_mentions():
    stages = all_stages()
    assert stages["mentions"].kind == "article"
    assert stages["mentions"].produces[0].table == "mentions"


def test_stages_resolve_orders_dependencies_first():
    names = [s.name for s in resolve_stages()]
    for info in all_stages().values():
        if info.name in names:
            for req in info.requires:
                assert names.index(req) < names.index(info.name)


def test_stages_unknown_name_is_a_clear_error():
    with pytest.raises(StageError, match="unknown stage 'nope'"):
        resolve_stages(["nope"])


def test_stages_disabled_requirement_is_refused():
    dependents = [s for s in all_stages().values() if s.requires]
    if not dependents:
        pytest.skip("no stage with requirements registered")
    st = dependents[0]
    with pytest.raises(StageError, match="switched off"):
        resolve_stages([st.name], disabled=[st.requires[0]])
