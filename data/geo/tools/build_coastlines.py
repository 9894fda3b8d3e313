#!/usr/bin/env python3
"""Builds data/geo/coastlines.geojson, the land outlines served at GET /api/v1/geo/coastlines:
Natural Earth 1:110m countries with its coarse Japan (3 polygons) replaced by the GSHHG-h land under
Japanese administration (japan_land.geojson). Deterministic: same inputs, same bytes.

    python3 data/geo/tools/build_coastlines.py data/geo
"""
import json
import sys
from pathlib import Path


def main(folder: Path) -> None:
    world = json.loads((folder / "countries_110m.geojson").read_text())
    japan = json.loads((folder / "japan_land.geojson").read_text())
    features = []
    for f in world["features"]:
        props = f.get("properties") or {}
        if props.get("iso_a3") == "JPN":
            continue
        features.append({"type": "Feature",
                         "properties": {"name": props.get("name"), "iso_a3": props.get("iso_a3"),
                                        "source": "Natural Earth 1:110m"},
                         "geometry": f["geometry"]})
    for f in japan["features"]:
        props = f.get("properties") or {}
        features.append({"type": "Feature",
                         "properties": {"name": "Japan", "iso_a3": "JPN", "group": props.get("group"),
                                        "source": "GSHHG 2.3.6 h (Wessel & Smith), LGPL-3.0-or-later"},
                         "geometry": f["geometry"]})
    out = {"type": "FeatureCollection",
           "note": "Natural Earth 1:110m countries (public domain) with Japan from GSHHG 2.3.6 high resolution "
                   "(LGPL-3.0-or-later); built by data/geo/tools/build_coastlines.py",
           "features": features}
    (folder / "coastlines.geojson").write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"coastlines.geojson: {len(features)} features")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/geo"))
