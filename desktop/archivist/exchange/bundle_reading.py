"""An archive bundle's layout, and reading one back whole: every file checked against the
manifest's checksums before anything is used, so that a damaged, truncated or tampered
bundle is refused with a clear error and nothing of it is imported."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archivist.errors import InvalidValueError

BUNDLE_FORMAT = "archivist-bundle"
BUNDLE_VERSION = 1
BUNDLE_SUFFIX = ".archivist.zip"
MANIFEST = "manifest.json"
ARTICLES = "articles.json"
ANNOTATIONS = "annotations.jsonld"
BRIEFS = "briefs.json"
ORIGINALS = "originals/"
#: What a bundle may hold beside the manifest (any other name is refused).
_KNOWN = (ARTICLES, ANNOTATIONS, BRIEFS)
_READ_CHUNK = 1 << 20


class BundleError(InvalidValueError):
    """A file that is not a whole, intact archive bundle."""


@dataclass
class Bundle:
    """A bundle read and checked: its manifest, articles, annotations and briefs, and the
    originals (by SHA-256) read on demand from the still-open zip."""

    path: Path
    manifest: dict[str, Any]
    articles: list[dict[str, Any]]
    annotations: dict[str, Any]
    briefs: list[dict[str, Any]]
    _zip: zipfile.ZipFile = field(repr=False)

    def original(self, sha256: str) -> bytes:
        data = self._zip.read(f"{ORIGINALS}{sha256}")
        if hashlib.sha256(data).hexdigest() != sha256:  # (checked on reading too: cheap)
            raise BundleError(f"{self.path.name}: the original {sha256[:12]} is damaged")
        return data

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_bundle(path: str | Path) -> Bundle:
    """Open a bundle and check all of it: the manifest's format and version, every file it
    lists present with its size and SHA-256, no file it does not list, the JSON readable.

    Raises:
        BundleError: not a bundle, or damaged, truncated or changed since it was written.
    """
    path = Path(path)
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleError(f"no file {path}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleError(
            f"{name} is not an archive bundle, or it is truncated (not a readable zip: {exc})"
        ) from None
    try:
        manifest = _manifest(archive, name)
        listed: dict[str, dict[str, Any]] = manifest["files"]
        present = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        unlisted = sorted(set(present) - set(listed) - {MANIFEST})
        if unlisted:
            raise BundleError(f"{name} holds a file its manifest does not list: {unlisted[0]}")
        for member, expected in listed.items():
            if member not in _KNOWN and not (
                member.startswith(ORIGINALS) and len(member) == len(ORIGINALS) + 64
            ):
                raise BundleError(f"{name}: its manifest lists an unexpected file, {member}")
            if member not in present:
                raise BundleError(f"{name} is incomplete: {member} is missing")
            _check(archive, member, expected, name)
        bundle = Bundle(
            path=path,
            manifest=manifest,
            articles=_json(archive, ARTICLES, name, list),
            annotations=_json(archive, ANNOTATIONS, name, dict),
            briefs=_json(archive, BRIEFS, name, list),
            _zip=archive,
        )
    except BaseException:
        archive.close()
        raise
    return bundle


def _manifest(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BundleError(f"{name} is not an archive bundle (it has no {MANIFEST})") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise BundleError(f"{name}: its manifest cannot be read ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"{name} is not an archive bundle (its manifest says otherwise)")
    version = manifest.get("version")
    if not isinstance(version, int) or version > BUNDLE_VERSION:
        raise BundleError(
            f"{name} was written by a newer Archivist (bundle version {version}): update "
            "Archivist to read it"
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("size"), int)
        for v in files.values()
    ):
        raise BundleError(f"{name}: its manifest lists no files with checksums")
    for member in _KNOWN:
        if member not in files:
            raise BundleError(f"{name} is incomplete: its manifest lists no {member}")
    return manifest


def _check(archive: zipfile.ZipFile, member: str, expected: dict[str, Any], name: str) -> None:
    digest = hashlib.sha256()
    size = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_READ_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise BundleError(f"{name} is damaged: {member} cannot be read ({exc})") from None
    if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
        raise BundleError(f"{name} is damaged or was changed: {member} does not match its checksum")


def _json(archive: zipfile.ZipFile, member: str, name: str, kind: type) -> Any:
    try:
        value = json.loads(archive.read(member))
    except ValueError as exc:
        raise BundleError(f"{name}: {member} is not readable JSON ({exc})") from None
    if not isinstance(value, kind):
        raise BundleError(f"{name}: {member} does not hold what a bundle holds there")
    return value
