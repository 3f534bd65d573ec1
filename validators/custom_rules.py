"""A client's own rules, from the Python module its YAML names in `custom_rules`.

The module is found as a file relative to the YAML's folder (`examples.custom_rules_example`
-> `clients/examples/custom_rules_example.py`) or, failing that, as an importable module
(`mypackage.checks`). Its rules are the `RuleSpec`s or `@rule`
functions in its `RULES` list, plus any module-level function marked with `@rule`.
See docs/custom-rules.md.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from ledgerline.errors import ConfigError
from schemas.client_config import ClientConfig
from validators.rule import RULE_ATTR, RuleSpec

_loaded: dict[tuple[str, str], tuple[RuleSpec, ...]] = {}


def _import(module: str, base: Path | None) -> ModuleType:
    local = (base or Path.cwd()) / (module.replace(".", "/") + ".py")
    if local.is_file():  # beside the YAML wins, as in ClientConfig.custom_rules_file
        return _import_file(module, local)
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and not module.startswith(exc.name):
            raise  # the module exists but one of its own imports is missing
    raise ConfigError(f"custom_rules: module {module!r} not found (not importable, and no file {local})")


def _import_file(module: str, path: Path) -> ModuleType:
    name = f"ledgerline_custom_rules.{module}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def collect_rules(mod: ModuleType) -> tuple[RuleSpec, ...]:
    found: dict[str, RuleSpec] = {}
    for item in getattr(mod, "RULES", []):
        spec = item if isinstance(item, RuleSpec) else getattr(item, RULE_ATTR, None)
        if spec is None:
            raise ConfigError(f"custom_rules {mod.__name__}: RULES holds {item!r}, not a RuleSpec or @rule function")
        found[spec.rule_id] = spec
    for value in vars(mod).values():
        spec = getattr(value, RULE_ATTR, None)
        if isinstance(spec, RuleSpec) and callable(value):
            found.setdefault(spec.rule_id, spec)
    return tuple(found.values())


def custom_rules_for(client: ClientConfig) -> tuple[RuleSpec, ...]:
    if not client.custom_rules:
        return ()
    base = client.source.parent if client.source is not None else None
    key = (client.custom_rules, str(base))
    if key not in _loaded:
        try:
            mod = _import(client.custom_rules, base)
        except ConfigError:
            raise
        except Exception as exc:  # noqa: BLE001 - any import-time failure is a config problem
            raise ConfigError(f"custom_rules: module {client.custom_rules!r} failed to import: "
                              f"{type(exc).__name__}: {exc}") from exc
        _loaded[key] = collect_rules(mod)
    return _loaded[key]
