#!/usr/bin/python3
"""Opens every Dateline collection in QGIS itself, as a GIS analyst would, and exports it.

For each collection the script loads the layer through QGIS's "OGC API - Features"
provider (OAPIF, URI ``url='http://127.0.0.1:PORT' typename='claims'``) and checks that
the layer is valid, has the declared geometry type and fields, that the claims' quotes
arrive as text (not NULL: QGIS drops nested JSON), optionally that a known quote is there,
and that a GeoPackage export writes every feature.

The ``events`` and ``places`` collections keep nested lists for the web map (``claims`` and
``place_names``; ``names``) which QGIS cannot write to a GeoPackage; their exports leave out
exactly those fields (the flat collections, and ``f=gpkg`` downloads, carry the same facts).

Usage (Debian's QGIS: apt-get install --no-install-recommends qgis python3-qgis):

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis_check.py http://127.0.0.1:8080 \
        [--quote "exact words of one claim"]

Exits 0 when every check passes, 1 with one line per failure otherwise.
"""

import argparse
import os
import sys
import tempfile

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateTransformContext,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

# Collection id -> (geometry type QGIS must report, fields that must be there, field that
# must never be NULL, nested fields left out of the export).
COLLECTIONS = {
    "claims": (QgsWkbTypes.PointGeometry, ["claim_id", "quote", "claimant", "stance", "source_title", "killed"], "quote", []),
    "event-points": (QgsWkbTypes.PointGeometry, ["id", "title", "claim_count", "location_precision"], "title", []),
    "event-areas": (QgsWkbTypes.PolygonGeometry, ["id", "title", "claim_count"], "title", []),
    "events": (None, ["id", "title", "event_type"], "title", ["place_names", "claims"]),
    "places": (QgsWkbTypes.PointGeometry, ["place_id", "name", "kind"], "name", ["names"]),
    "mentions": (QgsWkbTypes.PointGeometry, ["text", "place_id", "start", "end"], "text", []),
}


def check(url, typename, geometry, fields, not_null, nested, quote, out_dir):
    """The failures of one collection, as text lines."""
    failures = []
    uri = f"url='{url}' typename='{typename}'"
    layer = QgsVectorLayer(uri, typename, "OAPIF")
    if not layer.isValid():
        return [f"{typename}: the OAPIF layer is not valid ({uri})"]
    if geometry is not None and layer.geometryType() != geometry:
        failures.append(
            f"{typename}: geometry type {QgsWkbTypes.geometryDisplayString(layer.geometryType())}, "
            f"expected {QgsWkbTypes.geometryDisplayString(geometry)}"
        )
    names = [f.name() for f in layer.fields()]
    if layer.featureCount() == 0 and Qgis.QGIS_VERSION_INT < 34400:
        # Before 3.44 QGIS types a layer from its first features only, not from
        # /collections/{id}/schema: an empty collection has no fields or geometry type.
        print(f"{typename}: empty; QGIS {Qgis.QGIS_VERSION} cannot read its schema (3.44 can), not checked")
        return []
    for name in fields:
        if name not in names:
            failures.append(f"{typename}: no field {name!r} (fields: {', '.join(names)})")
    features = list(layer.getFeatures())
    count = len(features)
    if count == 0 and typename != "mentions":
        failures.append(f"{typename}: no features")
    if not_null in names:
        nulls = [f.id() for f in features if f[not_null] is None or str(f[not_null]) == "NULL"]
        if nulls:
            failures.append(f"{typename}: {len(nulls)} of {count} features have {not_null} NULL")
    if quote is not None and typename == "claims":
        if not any(f["quote"] == quote for f in features):
            failures.append(f"claims: no feature has the quote {quote!r}")
    # Export to GeoPackage and read it back.
    path = os.path.join(out_dir, f"{typename}.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = typename.replace("-", "_")
    options.attributes = [i for i, name in enumerate(names) if name not in nested]
    result = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, path, QgsCoordinateTransformContext(), options
    )
    if result[0] != QgsVectorFileWriter.NoError:
        failures.append(f"{typename}: GeoPackage export failed: {result[1]}")
    else:
        exported = QgsVectorLayer(f"{path}|layername={options.layerName}", "export", "ogr")
        if not exported.isValid():
            failures.append(f"{typename}: the exported GeoPackage does not open")
        elif exported.featureCount() != count:
            failures.append(
                f"{typename}: the GeoPackage has {exported.featureCount()} features, the layer {count}"
            )
        else:
            kept = {f.name() for f in exported.fields()}
            lost = [n for n in names if n not in kept and n not in nested]
            if lost:
                failures.append(f"{typename}: the GeoPackage lost fields {', '.join(lost)}")
    print(f"{typename}: {count} features, {len(names)} fields, "
          f"{QgsWkbTypes.displayString(layer.wkbType())}, {len(failures)} failures")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="the server's base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--quote", help="a claim's exact quote that must be among the claims")
    args = parser.parse_args()
    app = QgsApplication([], False)
    app.initQgis()
    failures = []
    with tempfile.TemporaryDirectory() as out_dir:
        for typename, (geometry, fields, not_null, nested) in COLLECTIONS.items():
            failures += check(
                args.url.rstrip("/"), typename, geometry, fields, not_null, nested, args.quote, out_dir
            )
    QgsProject.instance().clear()
    app.exitQgis()
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
