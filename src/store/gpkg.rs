//! GeoPackage files (OGC 12-128r18, GeoPackage 1.3): one feature table written with the
//! SQLite the store links, for downloads that open in QGIS, ArcGIS and GDAL.
//!
//! A file holds the three required SRS rows (EPSG 4326, -1 and 0), `gpkg_contents` with the
//! table's extent, `gpkg_geometry_columns`, geometries as StandardGeoPackageBinary (the
//! little-endian header with an `[minx, maxx, miny, maxy]` envelope, then WKB), and the R-tree
//! spatial index extension (`rtree_<table>_geom`, its triggers and its `gpkg_extensions`
//! row). It is written to a temporary file, read back and removed: the caller gets the bytes.
//!
//! Coordinates are `(lon, lat)`: x is the longitude.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use geo::MultiPolygon;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteSynchronous};
use sqlx::{AssertSqlSafe, Connection};

use crate::index::flat::{Cell, Field, FieldType, FlatGeometry};

/// `application_id` of a GeoPackage: "GPKG".
pub const APPLICATION_ID: i32 = 0x4750_4B47;
/// `user_version` of GeoPackage 1.3.0.
pub const USER_VERSION: i32 = 10_300;

/// The geometry type a table declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableGeometry {
    /// Every row a point.
    Point,
    /// Every row a multipolygon.
    MultiPolygon,
    /// Points and multipolygons mixed (the events collection).
    Geometry,
}

impl TableGeometry {
    fn sql_name(self) -> &'static str {
        match self {
            TableGeometry::Point => "POINT",
            TableGeometry::MultiPolygon => "MULTIPOLYGON",
            TableGeometry::Geometry => "GEOMETRY",
        }
    }
}

/// What a table is: its name (letters, digits and `_`), a description and its columns.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    /// The table's name, also its identifier in `gpkg_contents`.
    pub name: &'a str,
    /// One line for `gpkg_contents.description`.
    pub description: &'a str,
    /// The declared geometry type of column `geom`.
    pub geometry: TableGeometry,
    /// The attribute columns, in order (after `fid` and `geom`).
    pub fields: &'a [Field],
}

/// One row: its geometry (none for unlocated items) and one value per field.
pub type Row<'a> = (Option<FlatGeometry<'a>>, Vec<Cell<'a>>);

/// Errors writing a GeoPackage.
#[derive(Debug, thiserror::Error)]
pub enum GpkgError {
    /// Occurs when SQLite fails (disk full, a bug in a statement).
    #[error("sqlite: {0}")]
    Sqlite(#[from] sqlx::Error),
    /// Occurs when the temporary file cannot be read or removed.
    #[error("temporary file: {0}")]
    Io(#[from] std::io::Error),
    /// Occurs when a table or column name is not letters, digits and `_`.
    #[error("invalid name {0:?}")]
    Name(String),
}

const SCHEMA: &str = r#"
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('WGS 84 geodetic', 4326, 'EPSG', 4326,
   'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
   'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'),
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
"#;

/// The R-tree's triggers (GeoPackage 1.3, F.3), for clients that edit the file.
const TRIGGERS: &str = r#"
CREATE TRIGGER rtree_T_geom_insert AFTER INSERT ON T
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_T_geom VALUES (NEW.fid,
    ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_T_geom_update1 AFTER UPDATE OF geom ON T
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_T_geom VALUES (NEW.fid,
    ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_T_geom_update2 AFTER UPDATE OF geom ON T
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_T_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_T_geom_update3 AFTER UPDATE ON T
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_T_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_T_geom VALUES (NEW.fid,
    ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_T_geom_update4 AFTER UPDATE ON T
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_T_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_T_geom_delete AFTER DELETE ON T
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_T_geom WHERE id = OLD.fid;
END;
"#;

fn check_name(n: &str) -> Result<&str, GpkgError> {
    let ok = !n.is_empty()
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(n)
    } else {
        Err(GpkgError::Name(n.to_owned()))
    }
}

fn sql_type(t: FieldType) -> &'static str {
    match t {
        FieldType::Text => "TEXT",
        FieldType::Integer => "INTEGER",
        FieldType::Real => "REAL",
        FieldType::Date => "DATE",
    }
}

/// `[minx, maxx, miny, maxy]` of a geometry (`None` for an empty one).
fn envelope(g: &FlatGeometry<'_>) -> Option<[f64; 4]> {
    match g {
        FlatGeometry::Point([x, y]) => Some([*x, *x, *y, *y]),
        FlatGeometry::Area(mp) => {
            let r = geo::BoundingRect::bounding_rect(*mp)?;
            Some([r.min().x, r.max().x, r.min().y, r.max().y])
        }
    }
}

fn wkb_multipolygon(mp: &MultiPolygon, out: &mut Vec<u8>) {
    out.push(1);
    out.extend_from_slice(&6u32.to_le_bytes());
    out.extend_from_slice(&(mp.0.len() as u32).to_le_bytes());
    for poly in &mp.0 {
        out.push(1);
        out.extend_from_slice(&3u32.to_le_bytes());
        let rings: Vec<_> = std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .collect();
        out.extend_from_slice(&(rings.len() as u32).to_le_bytes());
        for ring in rings {
            out.extend_from_slice(&(ring.0.len() as u32).to_le_bytes());
            for c in &ring.0 {
                out.extend_from_slice(&c.x.to_le_bytes());
                out.extend_from_slice(&c.y.to_le_bytes());
            }
        }
    }
}

/// A geometry as StandardGeoPackageBinary: `GP`, version 0, flags (little-endian, an
/// `[minx, maxx, miny, maxy]` envelope), srs 4326, the envelope, then little-endian WKB.
pub fn geometry_blob(g: &FlatGeometry<'_>) -> Option<(Vec<u8>, [f64; 4])> {
    let env = envelope(g)?;
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"GP");
    out.push(0);
    out.push(0b0000_0011);
    out.extend_from_slice(&4326i32.to_le_bytes());
    for v in env {
        out.extend_from_slice(&v.to_le_bytes());
    }
    match g {
        FlatGeometry::Point([x, y]) => {
            out.push(1);
            out.extend_from_slice(&1u32.to_le_bytes());
            out.extend_from_slice(&x.to_le_bytes());
            out.extend_from_slice(&y.to_le_bytes());
        }
        FlatGeometry::Area(mp) => wkb_multipolygon(mp, &mut out),
    }
    Some((out, env))
}

/// A temporary file name no other download uses.
fn temp_path() -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("dateline-{}-{n}.gpkg", std::process::id()))
}

/// Writes `rows` as the GeoPackage of `table` and returns the file's bytes.
///
/// # Errors
/// [`GpkgError`] when SQLite or the temporary file fails, or a name is not
/// `[a-z0-9_]+`.
///
/// # Runtime
/// Linear in the rows; memory is the file's size.
pub async fn write(table: &Table<'_>, rows: &[Row<'_>]) -> Result<Vec<u8>, GpkgError> {
    let path = temp_path();
    let result = write_file(&path, table, rows).await;
    let bytes = match result {
        Ok(()) => std::fs::read(&path).map_err(GpkgError::from),
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_file(&path);
    bytes
}

async fn write_file(
    path: &std::path::Path,
    table: &Table<'_>,
    rows: &[Row<'_>],
) -> Result<(), GpkgError> {
    let t = check_name(table.name)?;
    let columns: Vec<&str> = table
        .fields
        .iter()
        .map(|f| check_name(f.name))
        .collect::<Result<_, _>>()?;
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Delete)
        .synchronous(SqliteSynchronous::Off);
    let mut conn = SqliteConnection::connect_with(&opts).await?;
    let mut tx = conn.begin().await?;
    sqlx::raw_sql(AssertSqlSafe(format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {USER_VERSION};"
    )))
    .execute(&mut *tx)
    .await?;
    sqlx::raw_sql(SCHEMA).execute(&mut *tx).await?;
    let defs: Vec<String> = table
        .fields
        .iter()
        .map(|f| format!("\"{}\" {}", f.name, sql_type(f.kind)))
        .collect();
    let ddl = format!(
        "CREATE TABLE \"{t}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom {}{}{});\n\
         CREATE VIRTUAL TABLE \"rtree_{t}_geom\" USING rtree(id, minx, maxx, miny, maxy);",
        table.geometry.sql_name(),
        if defs.is_empty() { "" } else { ", " },
        defs.join(", ")
    );
    sqlx::raw_sql(AssertSqlSafe(ddl)).execute(&mut *tx).await?;
    let insert = format!(
        "INSERT INTO \"{t}\" (fid, geom{}{}) VALUES (?, ?{})",
        if columns.is_empty() { "" } else { ", " },
        columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", "),
        ", ?".repeat(columns.len())
    );
    let rtree = format!("INSERT INTO \"rtree_{t}_geom\" VALUES (?, ?, ?, ?, ?)");
    let mut extent: Option<[f64; 4]> = None;
    for (n, (geometry, cells)) in rows.iter().enumerate() {
        let fid = n as i64 + 1;
        let blob = geometry.as_ref().and_then(geometry_blob);
        let mut q = sqlx::query(AssertSqlSafe(insert.as_str()))
            .bind(fid)
            .bind(blob.as_ref().map(|(b, _)| b.clone()));
        for c in cells {
            q = match c {
                Cell::Null => q.bind(None::<String>),
                Cell::Integer(v) => q.bind(*v),
                Cell::Real(v) => q.bind(*v),
                Cell::Text(s) => q.bind(s.to_string()),
                Cell::Date(d) => q.bind(d.to_string()),
            };
        }
        q.execute(&mut *tx).await?;
        if let Some((_, e)) = blob {
            sqlx::query(AssertSqlSafe(rtree.as_str()))
                .bind(fid)
                .bind(e[0])
                .bind(e[1])
                .bind(e[2])
                .bind(e[3])
                .execute(&mut *tx)
                .await?;
            extent = Some(extent.map_or(e, |x| {
                [
                    x[0].min(e[0]),
                    x[1].max(e[1]),
                    x[2].min(e[2]),
                    x[3].max(e[3]),
                ]
            }));
        }
    }
    // The declared extent: the rows', or the whole world for an empty table.
    let [min_x, max_x, min_y, max_y] = extent.unwrap_or([-180.0, 180.0, -90.0, 90.0]);
    sqlx::query(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) \
         VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)",
    )
    .bind(t)
    .bind(t)
    .bind(table.description)
    .bind(min_x)
    .bind(min_y)
    .bind(max_x)
    .bind(max_y)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)")
        .bind(t)
        .bind(table.geometry.sql_name())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
    )
    .bind(t)
    .execute(&mut *tx)
    .await?;
    let triggers = TRIGGERS
        .replace("rtree_T_geom", &format!("rtree_{t}_geom"))
        .replace(" ON T\n", &format!(" ON {t}\n"));
    sqlx::raw_sql(AssertSqlSafe(triggers))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    conn.close().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_blob_has_the_header_envelope_and_wkb() {
        let (b, env) = geometry_blob(&FlatGeometry::Point([46.5, 40.25])).expect("blob");
        assert_eq!(&b[..4], b"GP\x00\x03");
        assert_eq!(i32::from_le_bytes(b[4..8].try_into().expect("4")), 4326);
        assert_eq!(env, [46.5, 46.5, 40.25, 40.25]);
        assert_eq!(b.len(), 8 + 32 + 21);
        assert_eq!(b[40], 1, "little-endian WKB");
        assert_eq!(u32::from_le_bytes(b[41..45].try_into().expect("4")), 1);
        assert_eq!(f64::from_le_bytes(b[45..53].try_into().expect("8")), 46.5);
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("claims").is_ok());
        assert!(check_name("event_points").is_ok());
        assert!(check_name("x\"; DROP").is_err());
        assert!(check_name("").is_err());
    }

    #[tokio::test]
    async fn a_file_is_a_geopackage_with_its_rows() {
        let fields = [Field {
            name: "quote",
            kind: FieldType::Text,
            description: "",
        }];
        let table = Table {
            name: "t",
            description: "test",
            geometry: TableGeometry::Point,
            fields: &fields,
        };
        let rows = vec![
            (
                Some(FlatGeometry::Point([1.0, 2.0])),
                vec![Cell::Text("a".into())],
            ),
            (None, vec![Cell::Null]),
        ];
        let bytes = write(&table, &rows).await.expect("written");
        assert_eq!(&bytes[..16], b"SQLite format 3\0");
        // application_id and user_version in the database header (big-endian).
        assert_eq!(&bytes[68..72], b"GPKG");
        assert_eq!(
            u32::from_be_bytes(bytes[60..64].try_into().expect("4")),
            USER_VERSION as u32
        );
    }
}
