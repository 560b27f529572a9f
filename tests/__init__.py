"""A package, so that pytest puts this checkout's root on sys.path and ``tests.golden`` is its own."""
