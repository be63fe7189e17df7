"""One module per service a metric comes from: how to ask it, and how to read its answer.

Each module has pure ``parse_*`` functions (tested on recorded answers) and a
``fetch_*`` function that builds the request from the settings' base URL.
"""
