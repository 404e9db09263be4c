"""Trained models on disk: named, versioned files in the user data directory, one active.

A model file (``<name>-v<N>.ctm`` in :func:`db.locations.models_dir`) is a magic line, one
line of JSON (what the model is, what it was trained on, with which libraries, and how well
it did) and then the model's own bytes, whose length and sha256 the header records, so a
truncated or altered file is refused rather than half read. Files are written to a temporary
file, synced and renamed into place: an interrupted training never leaves a partial model.

``active`` in the same directory names the model extraction uses; without it extraction uses
the rules. :func:`choose_extractor` is how ``claims extract`` and ``claims ingest`` pick.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims import __version__
from db.errors import ClaimsError, NotFoundError
from db.locations import models_dir

if TYPE_CHECKING:
    from claims.extraction.model import Attribution
    from claims.learning.model import AttributionModel

MAGIC = b"claimtrack-model\n"
#: The version of the file layout (the model inside has its own format version).
FILE_FORMAT = 1
SUFFIX = ".ctm"
ACTIVE_FILE = "active"
RULES = "rules"

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_VERSIONED = re.compile(r"(?P<name>.+)-v(?P<version>[0-9]+)")


class ModelFileError(ClaimsError):
    """A model file that cannot be used: missing, corrupt, truncated or of another format."""

    exit_code = 2


@dataclass(frozen=True)
class ModelInfo:
    """A stored model's file and header (its model bytes are not read)."""

    path: Path
    header: dict[str, Any]

    @property
    def label(self) -> str:
        """The model's name and version as files and claims record it ("news-v3")."""
        name, version = self.header.get("name"), self.header.get("version")
        return f"{name}-v{version}" if name and version else self.path.stem

    @property
    def created(self) -> str:
        """When the model was saved (ISO 8601, UTC)."""
        return str(self.header.get("created") or "")


def check_name(name: str) -> str:
    """A model name as given, or ``InvalidValueError`` when it cannot be a file name."""
    from db.errors import InvalidValueError

    if not _NAME.fullmatch(name) or _VERSIONED.fullmatch(name):
        raise InvalidValueError(
            f"model name {name!r}: use letters, digits, '.', '_' or '-', without a -vN ending"
        )
    return name


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _library_versions() -> dict[str, str]:
    out = {"claimtrack": __version__, "python": platform.python_version()}
    for dist in ("python-crfsuite",):
        try:
            out[dist] = importlib_metadata.version(dist)
        except importlib_metadata.PackageNotFoundError:
            pass
    return out


def _next_version(directory: Path, name: str) -> int:
    versions = [
        int(m["version"])
        for p in directory.glob(f"{name}-v*{SUFFIX}")
        if (m := _VERSIONED.fullmatch(p.stem)) and m["name"] == name
    ]
    return max(versions, default=0) + 1


def model_header(
    model: AttributionModel,
    *,
    name: str,
    version: int,
    corpus: Iterable[Path] = (),
    training: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The header a model file starts with: what, when, from which files, with what."""
    return {
        "file_format": FILE_FORMAT,
        "model_format": model.FORMAT,
        "name": name,
        "version": version,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "corpus": [{"file": p.name, "sha256": file_sha256(p)} for p in corpus],
        "documents": model.metadata.get("documents"),
        "attributions": model.metadata.get("attributions"),
        "seed": model.metadata.get("seed"),
        "libraries": _library_versions(),
        "model": model.metadata,
        "training": training or {},
    }


def save_model(
    model: AttributionModel,
    path: Path | None = None,
    *,
    name: str = "model",
    corpus: Sequence[Path] = (),
    training: dict[str, Any] | None = None,
) -> ModelInfo:
    """Write a model whole or not at all, as the next version of ``name``.

    Args:
        path: where to write it; by default ``<name>-v<N>.ctm`` in the models directory,
            N one more than the highest stored.
        corpus: the gold files it was trained on (their names and sha256 are recorded).
        training: figures of the training to keep with it (for example its evaluation).

    Raises:
        ModelFileError: the file cannot be written.
    """
    check_name(name)
    payload = model.to_bytes()
    directory = path.resolve().parent if path is not None else models_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelFileError(f"cannot create {directory}: {exc.strerror or exc}") from None
    version = _next_version(directory, name) if path is None else 1
    header = model_header(model, name=name, version=version, corpus=corpus, training=training)
    header["payload_bytes"] = len(payload)
    header["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    while True:
        target = path or directory / f"{name}-v{version}{SUFFIX}"
        tmp = _write_temporary(directory, name, header, payload)
        try:
            if path is not None:
                os.replace(tmp, target)
                break
            try:  # never over another version saved at the same moment
                os.link(tmp, target)
            except FileExistsError:
                version += 1
                header["version"] = version
                continue
            except OSError:  # a file system without hard links
                os.replace(tmp, target)
                break
            break
        finally:
            Path(tmp).unlink(missing_ok=True)
    return ModelInfo(target, header)


def _write_temporary(directory: Path, name: str, header: dict[str, Any], payload: bytes) -> str:
    """A complete model file, synced to disk, under a temporary name in ``directory``."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise ModelFileError(f"cannot write to {directory}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC)
            out.write(json.dumps(header, ensure_ascii=False, sort_keys=True).encode() + b"\n")
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _split(path: Path, data: bytes) -> tuple[dict[str, Any], bytes]:
    """A model file's header and payload, checked."""
    if not data.startswith(MAGIC):
        raise ModelFileError(f"{path}: not a claimtrack model file")
    line, newline, payload = data[len(MAGIC) :].partition(b"\n")
    if not newline:
        raise ModelFileError(f"{path}: the file is cut short (no complete header)")
    try:
        header = json.loads(line)
    except (ValueError, RecursionError):
        raise ModelFileError(f"{path}: the header is not valid JSON") from None
    if not isinstance(header, dict):
        raise ModelFileError(f"{path}: the header is not a JSON object")
    if header.get("file_format") != FILE_FORMAT:
        raise ModelFileError(
            f"{path}: file format {header.get('file_format')!r}; this version of claimtrack "
            f"reads format {FILE_FORMAT}"
        )
    return header, payload


def read_model_info(path: Path) -> ModelInfo:
    """A model file's header, checked, without reading the model itself.

    Raises:
        ModelFileError: the file is missing or not a model file of this format.
    """
    try:
        with path.open("rb") as f:
            start = f.read(len(MAGIC))
            line = f.readline(1 << 24)
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    header, _ = _split(path, start + line)
    return ModelInfo(path, header)


def resolve_model_path(path_or_name: str | Path) -> Path:
    """The file a model name ("news", "news-v2") or path names; the newest version of a name.

    Raises:
        NotFoundError: no such file and no stored model of that name.
    """
    as_path = Path(path_or_name).expanduser()
    if as_path.suffix == SUFFIX or os.sep in str(path_or_name) or as_path.is_file():
        if as_path.is_file():
            return as_path
        raise NotFoundError(f"no model file {as_path}")
    text = str(path_or_name)
    directory = models_dir()
    exact = directory / f"{text}{SUFFIX}"
    if exact.is_file():
        return exact
    stored = [m for m in list_models() if m.header.get("name") == text]
    if stored:
        return max(stored, key=lambda m: int(m.header.get("version") or 0)).path
    known = ", ".join(sorted({m.label for m in list_models()})) or "none yet"
    raise NotFoundError(f"no model named {text!r} (stored: {known})")


def load_model(path_or_name: str | Path) -> AttributionModel:
    """The model a file or stored name holds, checked whole.

    Raises:
        NotFoundError: there is no such model.
        ModelFileError: the file is corrupt, truncated or of a format this version cannot read.
    """
    return load_stored_model(path_or_name)[0]


def load_stored_model(path_or_name: str | Path) -> tuple[AttributionModel, ModelInfo]:
    """The model a file or name holds, and its header (see :func:`load_model`)."""
    path = resolve_model_path(path_or_name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    header, payload = _split(path, data)
    if len(payload) != header.get("payload_bytes"):
        raise ModelFileError(
            f"{path}: the file is truncated or damaged ({len(payload):,} bytes of model, "
            f"the header says {header.get('payload_bytes')})"
        )
    if hashlib.sha256(payload).hexdigest() != header.get("payload_sha256"):
        raise ModelFileError(f"{path}: the model's bytes do not match their checksum")
    from claims.learning.model import AttributionModel

    if header.get("model_format") != AttributionModel.FORMAT:
        raise ModelFileError(
            f"{path}: model format {header.get('model_format')!r}; this version of claimtrack "
            f"reads format {AttributionModel.FORMAT}"
        )
    try:
        model = AttributionModel.from_bytes(payload)
    except ValueError as exc:
        raise ModelFileError(f"{path}: {exc}") from None
    return model, ModelInfo(path, header)


def list_models() -> list[ModelInfo]:
    """Every model file in the models directory, by name and version; unreadable ones left out."""
    directory = models_dir()
    if not directory.is_dir():
        return []
    out = []
    for path in directory.glob(f"*{SUFFIX}"):
        try:
            out.append(read_model_info(path))
        except ModelFileError:
            continue
    return sorted(out, key=lambda m: (str(m.header.get("name")), int(m.header.get("version") or 0)))


def _active_file() -> Path:
    return models_dir() / ACTIVE_FILE


def use_model(name: str | None) -> ModelInfo | None:
    """Make a stored model the one extraction uses, or go back to the rules with None.

    The model is loaded whole first: a broken file is refused here, not at the next ingest.
    """
    pointer = _active_file()
    if name is None:
        pointer.unlink(missing_ok=True)
        return None
    _, info = load_stored_model(name)
    directory = models_dir()
    directory.mkdir(parents=True, exist_ok=True)
    try:
        relative = info.path.resolve().relative_to(directory.resolve())
        target = str(relative)
    except ValueError:
        target = str(info.path.resolve())
    fd, tmp = tempfile.mkstemp(prefix=".active.", suffix=".part", dir=directory)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(target + "\n")
    os.replace(tmp, pointer)
    return info


def active_model_path() -> Path | None:
    """The file the active pointer names, or None when extraction uses the rules."""
    try:
        target = _active_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not target:
        return None
    path = Path(target)
    return path if path.is_absolute() else models_dir() / path


def active_model() -> AttributionModel | None:
    """The active model, loaded; None when extraction uses the rules.

    Raises:
        ModelFileError: the active model's file is missing or broken.
    """
    path = active_model_path()
    if path is None:
        return None
    if not path.is_file():
        raise ModelFileError(f"the active model {path} is missing")
    return load_model(path)


@dataclass
class Extractor:
    """What extracts attributions: the rules, or a stored model (loaded on first use).

    It travels to ingest's worker processes as its path alone; each worker loads the model
    once, on its first document.
    """

    kind: str
    version: str
    path: Path | None = None
    warning: str | None = None
    _model: Any = field(default=None, repr=False, compare=False)

    @property
    def description(self) -> str:
        """Which extractor, for people: "model news-v3" or "rules"."""
        return RULES if self.kind == RULES else f"model {self.version}"

    def __getstate__(self) -> dict[str, Any]:
        return {"kind": self.kind, "version": self.version, "path": self.path, "warning": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _model=None)

    def load(self) -> None:
        """Load the model now (a no-op for the rules)."""
        if self.kind != RULES and self._model is None:
            self._model = load_model(self.path) if self.path else None

    def extract(self, text: str) -> list[Attribution]:
        """The attributions of ``text``."""
        if self.kind == RULES:
            from claims.extraction import extract

            return extract(text)
        self.load()
        return self._model.extract(text)


def rules_extractor(warning: str | None = None) -> Extractor:
    """The rule-based extractor; its version is claimtrack's."""
    return Extractor(RULES, __version__, warning=warning)


def choose_extractor(*, rules: bool = False) -> Extractor:
    """The extractor to use: the active model, else the rules.

    A broken active model is not an error: the rules are used and ``warning`` says why.

    Args:
        rules: use the rules whatever model is active.
    """
    if rules:
        return rules_extractor()
    path = active_model_path()
    if path is None:
        return rules_extractor()
    try:
        model, info = load_stored_model(path)
    except ClaimsError as exc:
        return rules_extractor(f"the active model cannot be used, extracting with the rules: {exc}")
    return Extractor("model", info.label, path=info.path, _model=model)
