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


def _names(specs):
    return [s.name for s in specs]


def test_stages_order_comes_from_requirements_not_from_imports():
    import subprocess
    import sys

    # import the link-stage modules in the reverse of their run order first: the order must not move
    code = ("import newsdossier.web.index, newsdossier.reuse, newsdossier.quantities.groups, newsdossier.outlets; "
            "from newsdossier.stages import resolve_stages; print(','.join(s.name for s in resolve_stages()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out.split(",") == _names(resolve_stages())
    names = out.split(",")
    assert names[names.index("outlets") - 1] == "techniques"  # the first link stage: the others read its names
    assert names[-1] == "web_index"  # it indexes what every other stage wrote


def test_stages_soft_reads_order_but_do_not_force():
    names = _names(resolve_stages(["web_index", "reuse", "outlets"]))
    assert names == ["outlets", "reuse", "web_index"]
    # web_index reads reuse, but switching reuse off is allowed
    assert _names(resolve_stages(["web_index", "outlets"], disabled=["reuse"])) == ["outlets", "web_index"]


def test_stages_cycle_and_unknown_requirement_are_clear_errors():
    from newsdossier.stages import stage_spec

    a = stage_spec("a", "link", "x:y", [], requires=["b"])
    b = stage_spec("b", "link", "x:y", [], requires=["a"])
    with pytest.raises(StageError, match="cycle: a -> b -> a"):
        resolve_stages(specs=[a, b])
    c = stage_spec("c", "article", "x:y", [], requires=["nowhere"])
    with pytest.raises(StageError, match="stage 'c' requires unknown stage 'nowhere'"):
        resolve_stages(specs=[c])


def test_stages_article_stage_cannot_depend_on_a_link_stage():
    from newsdossier.stages import stage_spec

    specs = [stage_spec("l", "link", "x:y", []), stage_spec("a", "article", "x:y", [], requires=["l"])]
    with pytest.raises(StageError, match="article stage 'a' cannot depend on a link stage"):
        resolve_stages(specs=specs)


def test_stages_reading_the_registry_and_opening_a_store_never_import_spacy():
    import subprocess
    import sys

    code = ("import sys; from newsdossier.store import Store; from newsdossier.stages import resolve_stages; "
            "s = Store.open(':memory:'); resolve_stages(); print(len(s.tables()), 'spacy' in sys.modules, "
            "'ray' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[1:] == ["False", "False"]
    assert int(out[0]) >= 30


def test_stages_fingerprint_follows_the_model_file_and_a_missing_model_fails_loudly(tmp_path):
    from newsdossier.errors import ModelError
    from newsdossier.stages import StageSpec, all_stages

    statements = all_stages()["statements"]
    assert len(statements.fingerprint) == 12
    assert all_stages()["mentions"].fingerprint == ""
    missing = StageSpec("m", "article", "x:y", (), models=("nowhere/model.npz",))
    with pytest.raises(ModelError, match="needs its model file .*nowhere/model.npz, which is missing"):
        missing.fingerprint
