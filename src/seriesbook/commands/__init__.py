"""One module per subcommand, as mkdocs does: each defines ``command`` (a click command) and
the work behind it that belongs to no library stage.

==============  ===========================================================
``build``       one series, or every series in parallel (``--all``)
``series``      every series of the site, from its archive page
``list``        the series of the manifest and their posts
``fetch``       posts (and their pictures) into the cache
``check``       the math of a series, without compiling
``discover``    posts and series found in files; ``--write`` adds them to a manifest
``doctor``      is the toolchain complete?
==============  ===========================================================

:mod:`seriesbook.cli` only gathers them; :mod:`.common` holds the options they share.
"""
