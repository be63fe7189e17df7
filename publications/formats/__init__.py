"""The exchange formats of publications, each in a module with its type map in both directions.

``bibtex`` (reading and writing .bib), ``ris`` and ``csl_json`` (what reference
managers and citation processors import; CSL-JSON is also what the DOI resolver
answers in), ``citation_meta`` (what Google Scholar, search engines and Zotero
read from a paper's page: Highwire tags, schema.org, COinS).
"""
