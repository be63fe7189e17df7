"""The site as plain files (``manage.py export_static``), for owners who host on GitHub Pages,
a university web space or a bucket and edit in the CMS on their own machine.

``links`` finds and rewrites the links in what the site sends (pure string
functions); ``exporter`` asks the site for every public address, as a visitor's
browser would, and writes the answers; ``out_dir`` swaps the finished export in
place of the previous one.
"""
