"""The entity catalogue: the built-in TOML file merged with the user's own.

A user file has the built-in's shape (one array per kind, ``[[company]]`` tables work
too). It is data, never executed. A malformed file is reported with its line number and
the built-in catalogue keeps working.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .models import KINDS, Entity

BUILTIN = Path(__file__).with_name("entities.toml")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def user_catalogue_path() -> Path:
    """Where fahras looks for the user's own entities when none is named."""
    return Path(platformdirs.user_config_dir("fahras")) / "entities.toml"


@dataclass(frozen=True)
class Catalogue:
    """Entities by id, with the problems met while loading them."""

    entities: dict[str, Entity]
    warnings: tuple[str, ...] = ()

    def __iter__(self):
        return iter(self.entities.values())

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, if any."""
        return self.entities.get(entity_id)

    def of_kind(self, kind: str) -> list[Entity]:
        """Entities of one kind, in catalogue order."""
        return [e for e in self.entities.values() if e.kind == kind]

    @property
    def fingerprint(self) -> str:
        """Changes whenever any entity changes: an index built with another is stale."""
        blob = json.dumps([[e.id, e.kind, e.all_aliases, e.ambiguous] for e in self],
                          ensure_ascii=False)
        return hashlib.blake2b(blob.encode(), digest_size=8).hexdigest()


def load_catalogue(user_file: Path | None = None, *, use_default_user_file: bool = True
                   ) -> Catalogue:
    """The built-in catalogue, overridden by ``user_file`` (or the one in the config dir)."""
    entities, warnings = _parse(BUILTIN.read_text("utf-8"), BUILTIN)
    path = user_file or (user_catalogue_path() if use_default_user_file else None)
    if path is not None and (user_file is not None or path.exists()):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            warnings.append(f"{path}: cannot read the entity file ({error}); "
                            "using the built-in catalogue only")
        else:
            extra, problems = _parse(text, path)
            warnings.extend(problems)
            for entity in extra.values():
                entities[entity.id] = _merge(entities.get(entity.id), entity)
    return Catalogue(entities, tuple(warnings))


def _parse(text: str, path: Path) -> tuple[dict[str, Entity], list[str]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{path}: malformed entity file: {error}; its entities were not loaded"]
    entities: dict[str, Entity] = {}
    warnings: list[str] = []
    for kind, entries in data.items():
        if kind not in KINDS:
            warnings.append(f"{path}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
            continue
        if not isinstance(entries, list):
            warnings.append(f"{path}: {kind} must be an array of entities")
            continue
        for number, entry in enumerate(entries, start=1):
            entity = _entity(kind, entry)
            if isinstance(entity, str):
                warnings.append(f"{path}: {kind} entry {number}: {entity}")
            else:
                entities[entity.id] = entity
    return entities, warnings


def _entity(kind: str, entry: object) -> Entity | str:
    if not isinstance(entry, dict):
        return "an entity must be a table"
    entity_id = entry.get("id")
    if not isinstance(entity_id, str) or not _SLUG.match(entity_id):
        return f"id {entity_id!r} must be a lowercase ASCII slug such as 'sk-hynix'"
    name, name_ar = entry.get("name", ""), entry.get("ar", "")
    aliases, ambiguous = entry.get("aliases", []), entry.get("ambiguous", [])
    if not all(isinstance(v, str) for v in (name, name_ar)) or not (name or name_ar):
        return f"{entity_id}: needs a name or an ar name, as strings"
    if not _strings(aliases) or not _strings(ambiguous):
        return f"{entity_id}: aliases and ambiguous must be arrays of strings"
    safe = tuple(a for a in (name, name_ar, *aliases) if a and a not in ambiguous)
    return Entity(entity_id, kind, name or name_ar, name_ar or name, tuple(dict.fromkeys(safe)),
                  tuple(ambiguous))


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _merge(base: Entity | None, override: Entity) -> Entity:
    if base is None:
        return override
    return Entity(override.id, override.kind, override.name, override.name_ar,
                  tuple(dict.fromkeys((*base.aliases, *override.aliases))),
                  tuple(dict.fromkeys((*base.ambiguous, *override.ambiguous))))


def alias_forms(entities: Iterable[Entity]) -> Iterable[str]:
    """Every alias of every entity, ambiguous ones included."""
    for entity in entities:
        yield from entity.all_aliases
