"""The JSON bundle: a lossless export of a whole archive, and its import.

A bundle is one JSON object with a section per table, each record on a line of its own
(``records`` describes the format and its versions). It streams out of a large archive
without holding it in memory and diffs well (``export``). Import validates the whole file
before writing anything (``validation``) and runs in one transaction (``importing``): a
malformed or truncated bundle is refused with the file and the place where it broke, and
the database is left as it was.

Importing into an empty database keeps every id, so export, import and export again give the
same bytes. Importing into a database that has data merges: documents are matched by the
sha256 of their text, speakers by name and kind, events and tags by name, claims by their
place in their source, and nothing already there is duplicated.

Every version of a source travels: ``sources`` holds each source as it is now (with the
number of that version), ``source_versions`` the earlier versions, and each claim names the
version its offsets point into. Bundles written before sources had versions (format
version 1) still import: every source and claim is then at version 1.

    with database.session(snapshot=True) as session, open("archive.json", "w") as out:
        write_bundle(session, out)
    bundle = read_bundle(Path("archive.json"))
    with other.session(write=True) as session:
        summary = import_bundle(session, bundle, "archive.json")
"""

from claims.exports.bundle.export import export_bundle, iter_records, write_bundle
from claims.exports.bundle.importing import ImportSummary, import_bundle
from claims.exports.bundle.records import BUNDLE_FORMAT, BUNDLE_VERSION, SECTIONS, Bundle
from claims.exports.bundle.validation import parse_bundle, read_bundle

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_VERSION",
    "SECTIONS",
    "Bundle",
    "ImportSummary",
    "export_bundle",
    "import_bundle",
    "iter_records",
    "parse_bundle",
    "read_bundle",
    "write_bundle",
]
