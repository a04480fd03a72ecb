"""Draws figure-iterate.png (the sample series' picture) with the standard library alone.

Run once: ``python samples/make_figure.py``; the PNG is committed.
"""

import struct
import zlib
from pathlib import Path

W, H, M = 480, 300, 30


def plot() -> list[bytearray]:
    px = [bytearray(b"\xff" * (3 * W)) for _ in range(H)]

    def dot(x, y, rgb, r=0):
        for dx in range(-r, r + 1):
            for dy in range(-r, r + 1):
                if 0 <= x + dx < W and 0 <= y + dy < H and dx * dx + dy * dy <= r * r + r:
                    px[y + dy][3 * (x + dx): 3 * (x + dx) + 3] = bytes(rgb)

    to_y = lambda v: int(H - M - v / 2.2 * (H - 2 * M))  # noqa: E731
    for x in range(M, W - M):  # axes
        dot(x, H - M, (60, 60, 60))
    for y in range(M, H - M):
        dot(M, y, (60, 60, 60))
    for x in range(M, W - M, 8):  # the limit, dashed
        for k in range(4):
            dot(x + k, to_y(2.0), (200, 60, 60))
    v = 0.0
    for n in range(12):  # the iterates x <- 0.5 x + 1
        v = 0.5 * v + 1
        dot(M + 20 + n * 34, to_y(v), (40, 90, 200), r=4)
    return px


def png(rows: list[bytearray]) -> bytes:
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))  # noqa: E731
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    (Path(__file__).parent / "figure-iterate.png").write_bytes(png(plot()))
