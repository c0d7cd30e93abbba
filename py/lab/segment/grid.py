"""The person mask summed up as the #segment-result contract says. No browser needed.

    from lab.segment.grid import COLUMNS, ROWS, cell_weights

    cell_weights(480, ROWS)    # 6 rows of 480 weights: row i averages pixels [i*480//6, (i+1)*480//6)
    # grid = R @ mask @ C.T, with R = cell_weights(height, ROWS), C = cell_weights(width, COLUMNS):
    # the mask (0..1) averaged over 8 columns x 6 rows, row-major
    drawn_cutoff(0.5)          # 0.49803922...: a pixel whose p(person) (a float32) is at least
    # this is one body-segmentation's toBinaryMask(..., 0.5) draws as the person

A cell's bounds are floor(i * size / parts), so cells cover every pixel once and differ in size
by at most one pixel when the size is not a multiple of the parts.
"""

import math
import struct

COLUMNS, ROWS = 8, 6


def cell_bounds(size: int, parts: int) -> list[tuple[int, int]]:
    """[(start, end), ...]: the pixels of each of `parts` cells along `size` pixels."""
    if size < parts or parts < 1:
        raise ValueError(f"cannot split {size} pixels into {parts} cells")
    return [(i * size // parts, (i + 1) * size // parts) for i in range(parts)]


def cell_weights(size: int, parts: int) -> list[list[float]]:
    """A parts x size matrix whose row i averages the pixels of cell i (1/count there, else 0)."""
    rows = []
    for start, end in cell_bounds(size, parts):
        row = [0.0] * size
        row[start:end] = [1.0 / (end - start)] * (end - start)
        rows.append(row)
    return rows


def _float32(bits: int) -> float:
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def _bits(value: float) -> int:
    return struct.unpack("<I", struct.pack("<f", value))[0]


def drawn_cutoff(threshold: float) -> float:
    """The smallest float32 p that toBinaryMask(..., threshold) draws as the person, so that
    `p >= drawn_cutoff(threshold)` on the mask's float32 tensor draws the same pixels.

    toBinaryMask reads the mask as bytes, Math.round(p * 255), and keeps those at least
    k = Math.round(255 * threshold); Math.round rounds halves up, so a pixel is kept when
    p * 255 >= k - 0.5 (exact in float64 for a float32 p).
    """
    k = math.floor(255 * threshold + 0.5)
    if k <= 0:
        return 0.0  # every pixel (p is never below 0)
    cut = _bits((k - 0.5) / 255)  # the nearest float32, then the smallest one that passes
    while _float32(cut) * 255 < k - 0.5:
        cut += 1
    while _float32(cut - 1) * 255 >= k - 0.5:
        cut -= 1
    return _float32(cut)
