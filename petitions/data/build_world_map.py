"""Build world-map.json from the npm package @svg-maps/world 2.0.0 (CC BY 4.0).

    npm pack @svg-maps/world@2.0.0 && tar xzf svg-maps-world-2.0.0.tgz
    python petitions/data/build_world_map.py package/index.js > petitions/data/world-map.json

Points are snapped to a 1-unit grid of the 1010-unit-wide view box, and repeated and collinear
points are dropped: the map is drawn a phone's width wide, where finer detail cannot be seen.
Countries too small for that grid keep finer units, so that every country stays on the map.
"""

import json
import re
import sys

TOKEN = re.compile(r"[mz]|-?[\d.]+(?:e-?\d+)?", re.IGNORECASE)


def simplify(path, grid):
    """Return the path as grid-snapped points, without repeated or collinear ones."""
    tokens = TOKEN.findall(path)
    subpaths, points, x, y, start, i = [], [], 0.0, 0.0, (0.0, 0.0), 0
    while i < len(tokens):
        token = tokens[i]
        if token in "mMzZ":
            if points:
                subpaths.append(points)
                points = []
            if token in "zZ":
                x, y = start
            i += 1
            if token in "mM":
                x, y = x + float(tokens[i]), y + float(tokens[i + 1])
                start = (x, y)
                points.append((round(x * grid), round(y * grid)))
                i += 2
            continue
        x, y = x + float(token), y + float(tokens[i + 1])
        points.append((round(x * grid), round(y * grid)))
        i += 2
    if points:
        subpaths.append(points)
    return "".join(_subpath(points, grid) for points in subpaths if len(set(points)) > 2)


def _subpath(points, grid):
    kept = []
    for point in points:
        if kept and point == kept[-1]:
            continue
        if len(kept) >= 2:
            (ax, ay), (bx, by) = kept[-2], kept[-1]
            if (bx - ax) * (point[1] - by) == (by - ay) * (point[0] - bx):
                kept[-1] = point  # collinear: extend the last segment
                continue
        kept.append(point)

    def number(value):
        return f"{value / grid:g}"

    moves = [
        f"{number(b[0] - a[0])},{number(b[1] - a[1])}" for a, b in zip(kept, kept[1:], strict=False)
    ]
    return f"M{number(kept[0][0])},{number(kept[0][1])}l" + " ".join(moves) + "z"


def main(index_js):
    with open(index_js, encoding="utf-8") as source:
        text = source.read()
    data = json.loads(text[text.index("{") : text.rindex("}") + 1])
    countries = {
        location["id"].upper(): next(
            filter(None, (simplify(location["path"], grid) for grid in (1, 4, 16))), ""
        )
        for location in data["locations"]
    }
    json.dump(
        {"viewBox": data["viewBox"], "countries": countries}, sys.stdout, separators=(",", ":")
    )


if __name__ == "__main__":
    main(sys.argv[1])
