"""seriesbook: turn a series of 科学空间 posts into a ctexbook PDF and an EPUB."""

__version__ = "0.1.0"
