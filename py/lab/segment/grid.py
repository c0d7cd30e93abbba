"""The person mask summed up as the #segment-result contract says. No browser needed.

    from lab.segment.grid import COLUMNS, ROWS, cell_weights

    cell_weights(480, ROWS)    # 6 rows of 480 weights: row i averages pixels [i*480//6, (i+1)*480//6)
    # grid = R @ mask @ C.T, with R = cell_weights(height, ROWS), C = cell_weights(width, COLUMNS):
    # the mask (0..1) averaged over 8 columns x 6 rows, row-major

A cell's bounds are floor(i * size / parts), so cells cover every pixel once and differ in size
by at most one pixel when the size is not a multiple of the parts.
"""

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
