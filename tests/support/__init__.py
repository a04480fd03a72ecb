"""Helpers shared by the tests.  Test modules import from here (``from tests.support.X import
…``) and never from one another."""
