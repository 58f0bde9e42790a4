"""Rebuild ``countries-110m.geojson`` from the Natural Earth shapefile that geopandas 0.14.4 ships.

Not part of the app or the tests: run it by hand, in a scratch environment, only to refresh the shapes.

    python -m venv /tmp/geo && /tmp/geo/bin/pip install pyshp
    /tmp/geo/bin/pip download --no-deps geopandas==0.14.4 -d /tmp/geo/dl
    unzip -q /tmp/geo/dl/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/naturalearth_lowres/*' -d /tmp/geo
    /tmp/geo/bin/python data/geo/build_countries.py \
        /tmp/geo/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp data/geo/countries-110m.geojson
"""
from __future__ import annotations

import json
import sys

import shapefile  # pyshp, only needed here

# Natural Earth codes that are not ISO 3166-1 alpha-3, mapped to the codes Wirescope uses
# (data/gazetteer uses XKX for Kosovo). Northern Cyprus and Somaliland are drawn as part of
# the ISO country they belong to, so coverage of CYP / SOM colours the whole island / country.
RECODE = {"-99": "XKX", "CYN": "CYP", "SOL": "SOM"}
DECIMALS = 2  # about 1 km: finer than the 1:110m source's own detail


def _ring(ring):
    out = []
    for x, y in ring:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    return out if len(out) >= 4 else None


def main(src: str, dst: str) -> None:
    reader = shapefile.Reader(src)
    by_iso: dict[str, dict] = {}
    for sr in reader.iterShapeRecords():
        rec = sr.record.as_dict()
        code = rec["iso_a3"]
        iso = RECODE.get(code, code)
        if code == "-99" and rec["name"] != "Kosovo":
            raise SystemExit(f"unexpected -99 code for {rec['name']}: add it to RECODE")
        geo = sr.shape.__geo_interface__
        polys = geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
        polys = [[r for r in (_ring(ring) for ring in poly) if r] for poly in polys]
        polys = [p for p in polys if p]
        feat = by_iso.get(iso)
        if feat is None:
            by_iso[iso] = {"type": "Feature", "id": iso,
                           "properties": {"iso_a3": iso, "name": rec["name"], "continent": rec["continent"]},
                           "polys": polys}
        else:  # a breakaway region joins its ISO country, which keeps its own name
            feat["polys"].extend(polys)
            if code == iso:
                feat["properties"].update(name=rec["name"], continent=rec["continent"])
    features = []
    for iso in sorted(by_iso):
        f = by_iso[iso]
        polys = f.pop("polys")
        f["geometry"] = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
                         else {"type": "MultiPolygon", "coordinates": polys})
        features.append(f)
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"{len(features)} countries written to {dst}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
