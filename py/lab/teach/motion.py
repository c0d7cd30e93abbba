"""Motions as plain Python: keypoint clips, normalised as a whole, compared by dynamic time warping.

    from lab.teach.motion import frame_vector, normalise_clip, resample, movement, matched
    from lab.teach.motion import dtw, banded_dtw, subsequence_dtw

    row = frame_vector(pose)            # one frame: [x0, y0, ..., xn, yn, centre_x, centre_y, side]
    clip = normalise_clip(rows)         # [[x0, y0, ...], ...]: the clip's mean centre and mean
                                        # size removed (the motion stays: a step aside moves it)
    resample(clip, 16)                  # 16 frames, linearly in between (a slower clip alike)
    dtw(a, b)                           # the warped distance of two clips, per step of the path
    banded_dtw(costs, n, m, band=3)     # the same from a flat n x m cost matrix, near the diagonal
    subsequence_dtw(costs, n, m)        # a window of n frames to the best stretch of an m-frame clip
    matched(clip)                       # per frame: its shape and its step (what DTW compares)
    movement(clip)                      # how much it moves: the mean spread of each number in time

A pose is normalised frame by frame (lab.pose.keypoints); a motion cannot be: side
to side would vanish. So a clip (or the window being judged) is centred on its
keypoints' mean place and divided by their mean size: the same motion anywhere in
the picture, near or far, gives the same numbers.
"""

import math

INF = float("inf")
MOTION_MODES = ("motion-pose", "motion-hands")  # a sample is a clip: frames of `dims` numbers
MIN_CLIP_FRAMES, MAX_CLIP_FRAMES = 4, 120       # a clip is up to a few seconds


def length_problem(count: int, dims: int, mode: str) -> str | None:
    """None when `count` numbers make a sample of `mode`; else what is wrong with them."""
    if mode not in MOTION_MODES:
        return None if count == dims else f"{count} numbers where {dims} are expected"
    frames, rest = divmod(count, dims)
    if rest or not MIN_CLIP_FRAMES <= frames <= MAX_CLIP_FRAMES:
        return (f"{count} numbers, not {MIN_CLIP_FRAMES} to {MAX_CLIP_FRAMES} frames of {dims} "
                "(a clip)")
    return None


def frame_vector(pose: dict, min_score: float = 0.2) -> list[float]:
    """The keypoints in the frame's pixels, then the centre and longer side of the box around
    the sure ones (all of them when fewer than two are)."""
    points = pose["keypoints"]
    sure = [p for p in points if p.get("score", 0.0) >= min_score]
    box = sure if len(sure) >= 2 else points
    xs, ys = [p["x"] for p in box], [p["y"] for p in box]
    side = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    row = []
    for point in points:
        row += [float(point["x"]), float(point["y"])]
    return row + [(min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, side]


def normalise_clip(rows: list) -> list[list[float]]:
    """Rows of frame_vector() as one motion: centred on the mean centre, divided by the mean side,
    each number within -2..2."""
    if not rows:
        return []
    count = len(rows)
    centre_x = sum(r[-3] for r in rows) / count
    centre_y = sum(r[-2] for r in rows) / count
    side = sum(r[-1] for r in rows) / count or 1.0
    clip = []
    for row in rows:
        frame = []
        for index in range(0, len(row) - 3, 2):
            x, y = (row[index] - centre_x) / side, (row[index + 1] - centre_y) / side
            frame += [round(min(max(x, -2.0), 2.0), 4), round(min(max(y, -2.0), 2.0), 4)]
        clip.append(frame)
    return clip


def frames_of(flat: list, dims: int) -> list[list[float]]:
    """A clip as a dataset keeps it (one flat list) back to frames of `dims` numbers."""
    return [flat[i:i + dims] for i in range(0, len(flat), dims)]


def resample(clip: list, length: int) -> list[list[float]]:
    """`length` frames spread evenly over the clip, each linearly between its two neighbours."""
    if not clip:
        return []
    if len(clip) == 1 or length == 1:
        return [list(clip[0]) for _ in range(length)]
    out, last = [], len(clip) - 1
    for step in range(length):
        place = step * last / (length - 1)
        low = min(int(place), last - 1)
        share = place - low
        out.append([a + (b - a) * share for a, b in zip(clip[low], clip[low + 1])])
    return out


def _distance(a: list, b: list) -> float:
    return math.sqrt(sum((x - y) * (x - y) for x, y in zip(a, b)))


def dtw(a: list, b: list, band: int | None = None) -> float:
    """The dynamic time warping distance of clips `a` and `b` (frames of numbers): the least sum
    of frame distances along a path that pairs every frame, in order, divided by len(a) + len(b).
    `band`: pairs at most that many frames off the diagonal (None: any)."""
    costs = [_distance(x, y) for x in a for y in b]
    return banded_dtw(costs, len(a), len(b), band)


def banded_dtw(costs, n: int, m: int, band: int | None = None) -> float:
    """dtw() from its n x m matrix of frame distances (row-major, any indexable): the band is
    around the diagonal from (0, 0) to (n-1, m-1), at least wide enough to reach the corner."""
    if n == 0 or m == 0:
        return INF
    band = max(n, m) if band is None else max(band, abs(n - m))
    previous = [INF] * (m + 1)
    previous[0] = 0.0
    for i in range(1, n + 1):
        row = [INF] * (m + 1)
        middle = (i - 1) * (m - 1) / (n - 1) if n > 1 else 0
        first, last = max(1, int(middle) + 1 - band), min(m, int(middle) + 1 + band)
        base = (i - 1) * m - 1
        for j in range(first, last + 1):
            best = previous[j - 1]
            if previous[j] < best:
                best = previous[j]
            if row[j - 1] < best:
                best = row[j - 1]
            row[j] = costs[base + j] + best
        previous = row
    return previous[m] / (n + m)


def subsequence_dtw(costs, n: int, m: int) -> float:
    """The DTW distance of a window of n frames to the best-matching stretch of a clip of m frames,
    from their n x m cost matrix (row-major): the stretch may start and end anywhere in the clip,
    so a window that caught a motion half-way still finds it. Divided by n."""
    if n == 0 or m == 0:
        return INF
    previous = [0.0] * (m + 1)   # before the window's first frame: free to start anywhere
    for i in range(n):
        row = [INF] * (m + 1)
        base = i * m - 1
        for j in range(1, m + 1):
            best = previous[j - 1]
            if previous[j] < best:
                best = previous[j]
            if row[j - 1] < best:
                best = row[j - 1]
            row[j] = costs[base + j] + best
        previous = row
    return min(previous[1:]) / n


def matched(clip: list, velocity_weight: float = 4.0) -> list[list[float]]:
    """What DTW compares, frame by frame: the shape (each keypoint from the frame's mean) and the
    step of that mean since the frame before (times `velocity_weight`). Neither depends on where
    the stretch is within the motion, so any part of a clip can be matched to a window."""
    out, before = [], None
    for frame in clip:
        xs, ys = frame[0::2], frame[1::2]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        shape = []
        for x, y in zip(xs, ys):
            shape += [x - mean_x, y - mean_y]
        step = (mean_x - before[0], mean_y - before[1]) if before else None
        before = (mean_x, mean_y)
        out.append(shape + ([velocity_weight * v for v in step] if step else [0.0, 0.0]))
    if len(out) > 1:  # the first frame has no step of its own: the next one's
        out[0][-2:] = out[1][-2:]
    return out


def movement(clip: list) -> float:
    """The mean standard deviation over time of each number of the clip: 0 for a still one."""
    if len(clip) < 2:
        return 0.0
    count, spread = len(clip), 0.0
    for column in zip(*clip):
        mean = sum(column) / count
        spread += math.sqrt(sum((v - mean) ** 2 for v in column) / count)
    return spread / len(clip[0])
