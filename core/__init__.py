"""The shared leaf: what every app of the site uses, and which uses none of them.

Markdown rendering, dates with their precision, names, links and validators,
identifiers of papers, the one check every image passes, the one HTTP fetch,
the files an import reads and the ones it must not leave behind. Nothing here
imports ``profile_site``, ``publications``, ``news``, ``metrics`` or the
packages above them (the import-linter contracts in ``pyproject.toml`` hold it
to that).
"""
