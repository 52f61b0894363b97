"""The entity catalogue: the built-in TOML file merged with the user's own.

A user file has the built-in's shape (one array per kind, ``[[company]]`` tables work
too). It is data, never executed. A malformed file is reported with its line number and
the built-in catalogue keeps working.

Besides the entities, the file carries the matcher's context rules as data: a
``[rules]`` table of cue words (see entities.toml), and per entity ``context`` (ids
whose sure mention in an article makes its ambiguous aliases safe) and ``cues``
(phrases that make a one-word person alias safe).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from .models import KINDS, Entity
from .stem import is_arabic

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
    #: Global cue lists by name (``before``, ``after``, ``units``), as written.
    rules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Per entity id: ids whose sure mention makes its ambiguous aliases safe.
    context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Per entity id: phrases whose presence makes its one-word person aliases safe.
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)

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
        blob = json.dumps([[e.id, e.kind, e.all_aliases, e.ambiguous] for e in self]
                          + [sorted(self.rules.items()), sorted(self.context.items()),
                             sorted(self.cues.items())], ensure_ascii=False)
        return hashlib.blake2b(blob.encode(), digest_size=8).hexdigest()


def load_catalogue(user_file: Path | None = None, *, use_default_user_file: bool = True
                   ) -> Catalogue:
    """The built-in catalogue, overridden by ``user_file`` (or the one in the config dir)."""
    parsed = _parse(BUILTIN.read_text("utf-8"), BUILTIN)
    entities, warnings = parsed.entities, parsed.warnings
    path = user_file or (user_catalogue_path() if use_default_user_file else None)
    if path is not None and (user_file is not None or path.exists()):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            warnings.append(f"{path}: cannot read the entity file ({error}); "
                            "using the built-in catalogue only")
        else:
            extra = _parse(text, path)
            warnings.extend(extra.warnings)
            for entity in extra.entities.values():
                entities[entity.id] = _merge(entities.get(entity.id), entity)
            for name, words in extra.rules.items():
                parsed.rules[name] = tuple(dict.fromkeys((*parsed.rules.get(name, ()), *words)))
            for table, more in ((parsed.context, extra.context), (parsed.cues, extra.cues)):
                for entity_id, values in more.items():
                    table[entity_id] = tuple(dict.fromkeys((*table.get(entity_id, ()), *values)))
    return Catalogue(entities, tuple(warnings), parsed.rules, parsed.context, parsed.cues)


@dataclass
class _Parsed:
    entities: dict[str, Entity] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    rules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _parse(text: str, path: Path) -> _Parsed:
    parsed = _Parsed()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        parsed.warnings.append(
            f"{path}: malformed entity file: {error}; its entities were not loaded")
        return parsed
    entities, warnings = parsed.entities, parsed.warnings
    rules = data.pop("rules", {})
    if isinstance(rules, dict) and all(_strings(v) for v in rules.values()):
        parsed.rules.update({name: tuple(words) for name, words in rules.items()})
    else:
        warnings.append(f"{path}: [rules] must map names to arrays of strings")
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
                continue
            # The same id twice in one file (an alias appended later) adds up.
            entities[entity.id] = _merge(entities.get(entity.id), entity)
            for key, table in (("context", parsed.context), ("cues", parsed.cues)):
                values = entry.get(key, [])
                if _strings(values) and values:
                    table[entity.id] = tuple(dict.fromkeys((*table.get(entity.id, ()),
                                                            *values)))
                elif values:
                    warnings.append(f"{path}: {entity.id}: {key} must be an array of strings")
    return parsed


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


class CatalogueError(ValueError):
    """A user catalogue that cannot be changed; the message names the file and why."""


def add_to_user_catalogue(path: Path, kind: str, entity_id: str, alias: str,
                          *, name: str = "", name_ar: str = "") -> Entity:
    """Add an entity, or an alias of an existing one, to the user's catalogue file.

    The file is only appended to, as a new ``[[kind]]`` table (tables with one id add
    up when loaded), so the user's own lines and comments stay as they are. The new text
    is checked to parse before it replaces the file through a temporary file, so a
    failure leaves the file as it was. Returns the entity as the merged catalogue now
    has it. Raises ``CatalogueError`` naming the file for a malformed or unreadable
    file, an unknown kind, a bad id, or an entity of another kind.
    """
    if kind not in KINDS:
        raise CatalogueError(
            f"{path}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    if not _SLUG.match(entity_id):
        raise CatalogueError(f"{path}: id {entity_id!r} must be a lowercase ASCII slug")
    if not alias.strip():
        raise CatalogueError(f"{path}: an empty alias cannot be added")
    try:
        old = path.read_text("utf-8") if path.exists() else _USER_HEADER
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path}: cannot read the entity file ({error})") from None
    try:
        tomllib.loads(old)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{path}: malformed entity file ({error}); "
                             "fix it first, it was not changed") from None
    known = load_catalogue(path if path.exists() else None,
                           use_default_user_file=False).get(entity_id)
    if known is not None and known.kind != kind:
        raise CatalogueError(f"{path}: {entity_id} is a {known.kind}, not a {kind}")
    fields = {"id": entity_id, "name": known.name if known else name,
              "ar": known.name_ar if known else name_ar, "aliases": [alias.strip()]}
    if not fields["name"] and not fields["ar"]:
        fields["ar" if is_arabic(alias.strip()) else "name"] = alias.strip()
    block = f"\n[[{kind}]]\n" + "".join(
        f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items()
        if value)
    new = old + ("" if old.endswith("\n") or not old else "\n") + block
    try:
        tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        raise CatalogueError(f"{path}: its {kind} entities are one inline array; "
                             f"add {alias!r} to it by hand") from None
    _replace(path, new)
    entity = load_catalogue(path, use_default_user_file=False).get(entity_id)
    assert entity is not None
    return entity


_USER_HEADER = "# Your own fahras entities, merged over the built-in catalogue.\n"


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):  # (its folder may be what failed)
            temporary.unlink(missing_ok=True)
        raise CatalogueError(f"{path}: cannot write the entity file ({error.strerror})") from None
