"""Load client rule packs from `clients/<name>.yaml`, failing with the file, key and line.

YAML numbers are read as `Decimal` (never float); duplicate keys are errors; unknown keys are
errors (every model forbids them). A file whose problems are only found after parsing
(missing master data file, unknown rule id, custom rules module) is reported the same way.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from ledgerline.errors import ConfigError
from schemas.client_config import ClientConfig, MasterDataFiles
from validators.custom_rules import custom_rules_for
from validators.master_data import load_master_data
from validators.registry import BUILTIN_RULES

Path_ = tuple[str, ...]


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader reading floats as Decimal, so money parameters never pass through float."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    low = text.lower()
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        raise yaml.constructor.ConstructorError(None, None, f"{text} is not a usable number", node.start_mark)
    return Decimal(text)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def _line_map(node: yaml.Node, path: Path_, out: dict[Path_, int], file: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            where = ".".join((*path, name))
            if name in seen:
                raise ConfigError(f"{file}: line {key.start_mark.line + 1}, {where}: key given twice (give each key once)")
            seen.add(name)
            out[(*path, name)] = key.start_mark.line + 1
            _line_map(value, (*path, name), out, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[(*path, str(i))] = item.start_mark.line + 1
            _line_map(item, (*path, str(i)), out, file)


def _model_at(loc: Path_) -> type[BaseModel] | None:
    """The pydantic model a key path points into (for listing allowed keys)."""
    model: type[BaseModel] = ClientConfig
    for part in loc:
        field = model.model_fields.get(part)
        if field is None:
            return None
        ann = field.annotation
        candidates = [ann, *get_args(ann)] if get_origin(ann) is not None else [ann]
        nxt = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if nxt is None:
            return None
        model = nxt
    return model


_ALLOWED = {
    "decimal_parsing": "a number like 0.01", "decimal_type": "a number like 0.01",
    "int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
    "float_parsing": "a number", "float_type": "a number", "bool_parsing": "true or false",
    "bool_type": "true or false", "string_type": "text", "list_type": "a list (- item lines)",
    "dict_type": "a mapping (key: value lines)", "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "string_pattern_mismatch": "lowercase letters, digits and '-'",
}


def _allowed(err: dict[str, Any], loc: Path_) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        return "keys " + ", ".join(model.model_fields) if model else "no other keys"
    if kind == "missing":
        return "this key is required"
    if kind in ("enum", "literal_error") and "expected" in ctx:
        return str(ctx["expected"])
    if kind.startswith(("greater_than", "less_than")):
        return err["msg"].removeprefix("Input should be ")
    return _ALLOWED.get(kind, "see docs/custom-rules.md for the schema")


def _describe(err: dict[str, Any], lines: dict[Path_, int], file: str) -> str:
    loc = tuple(str(p) for p in err["loc"] if p != "[key]")
    line = None
    for n in range(len(loc), -1, -1):  # deepest key path the file has
        line = lines.get(loc[:n])
        if line is not None:
            break
    key = ".".join(loc) or "(top level)"
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] in ("enum", "literal_error"):
        msg = f"{err.get('input')!r} is not one of the choices"
    where = f"line {line}, " if line else ""
    return f"{file}: {where}{key}: {msg} (allowed: {_allowed(err, loc)})"


def read_client_file(path: Path, *, expect_name: str | None = None) -> ClientConfig:
    """Parse and validate one YAML file. The name inside must be the file's name, or
    `expect_name` when given (a candidate pack for an existing client, e.g. for replay)."""
    file = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read ({exc.strerror})") from exc
    loader = _DecimalLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        if node is not None:
            _line_map(node, (), lines, file)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, " if mark is not None else ""
        raise ConfigError(f"{file}: {where}not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ConfigError(f"{file}: line 1, expected a mapping of settings (name:, display_name:, ...)")
    try:
        config = ClientConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError("; ".join(_describe(e, lines, file) for e in exc.errors())) from None
    wanted = expect_name or path.stem
    if config.name != wanted:
        what = "the client being replayed" if expect_name else "the file name"
        raise ConfigError(f"{file}: line {lines.get(('name',), 1)}, name: {config.name!r} must match "
                          f"{what} (allowed: {wanted!r})")
    config.with_source(path)
    _check_references(config, lines, file)
    return config


def _check_references(config: ClientConfig, lines: dict[Path_, int], file: str) -> None:
    for i, rule_id in enumerate(config.rules.disabled):
        if rule_id not in BUILTIN_RULES and not rule_id.startswith("custom."):
            line = lines.get(("rules", "disabled", str(i)))
            raise ConfigError(f"{file}: line {line}, rules.disabled.{i}: unknown rule {rule_id!r} "
                              f"(allowed: {', '.join(BUILTIN_RULES)})")
    for kind in MasterDataFiles.model_fields:
        path = config.master_path(kind)
        if path is not None and not path.is_file():
            raise ConfigError(f"{file}: line {lines.get(('master_data', kind))}, master_data.{kind}: "
                              f"file {path} not found (allowed: a CSV path relative to the YAML)")
    _check_ocr_languages(config, lines, file)
    try:
        load_master_data(config)
        custom_rules_for(config)
    except ConfigError as exc:
        key = "custom_rules" if "custom_rules" in exc.message else None
        where = f"line {lines.get((key,))}, " if key else ""
        raise ConfigError(f"{file}: {where}{exc.message}") from None


def _check_ocr_languages(config: ClientConfig, lines: dict[Path_, int], file: str) -> None:
    """Every OCR language the client asks for has a tesseract model on this machine. Without
    tesseract at all, each scanned document reports that itself (text layers still work)."""
    from extractors.ocr import OcrLanguageMissing, OcrUnavailable, check_languages

    try:
        check_languages(config.ocr_languages)
    except OcrUnavailable:
        return
    except OcrLanguageMissing as exc:
        raise ConfigError(f"{file}: line {lines.get(('ocr_languages',))}, ocr_languages: {exc.message}") from None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def clients_folder(clients_dir: Path | None) -> Path:
    if clients_dir is not None:
        return Path(clients_dir)
    from ledgerline.settings import get_settings

    return get_settings().clients_dir


def client_files(clients_dir: Path | None = None) -> list[Path]:
    return sorted(clients_folder(clients_dir).glob("*.yaml"))


def load_client(name: str, clients_dir: Path | None = None) -> ClientConfig:
    folder = clients_folder(clients_dir)
    path = folder / f"{name}.yaml"
    if not path.is_file() or "/" in name or "\\" in name:
        known = ", ".join(p.stem for p in client_files(folder)) or "none"
        raise ConfigError(f"unknown client {name!r}: no {_display(path)} (known clients: {known})")
    return read_client_file(path)


def load_all_clients(clients_dir: Path | None = None) -> dict[str, ClientConfig]:
    """Every client in the folder; the first bad file raises."""
    return {p.stem: read_client_file(p) for p in client_files(clients_dir)}
