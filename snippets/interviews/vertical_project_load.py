"""A vertical project, stage 1: fetch every page of the API and load it into SQLite, idempotently.

Included into docs/interviews/vertical-project.md; runs after vertical_project_fixture.py (reads api/*.json).
"""

# --8<-- [start:fetch]
import json
from pathlib import Path


def fetch_all(first_page="page_1.json"):
    """Follow the API's `next` links until there is none, yielding raw records."""
    page = first_page
    while page is not None:
        body = json.loads((Path("api") / page).read_text())  # in real life: an HTTP GET with retries
        yield from body["results"]
        page = body["next"]


REQUIRED = ("station", "date", "temp_c", "humidity_pct", "pressure_hpa", "rain_mm")
NUMERIC = REQUIRED[2:]


def is_valid(record):
    """Reject what the model must never see: missing fields, wrong types and physically impossible values."""
    if any(record.get(key) is None for key in REQUIRED):
        return False
    if not all(isinstance(record[key], (int, float)) for key in NUMERIC):  # "low" is not a pressure
        return False
    return (
        -60 <= record["temp_c"] <= 60
        and 0 <= record["humidity_pct"] <= 100
        and 870 <= record["pressure_hpa"] <= 1085
        and record["rain_mm"] >= 0
    )


# --8<-- [end:fetch]

# --8<-- [start:load]
import hashlib
import sqlite3
from contextlib import closing

SCHEMA = """
CREATE TABLE IF NOT EXISTS observations (
    station      TEXT NOT NULL,
    obs_date     TEXT NOT NULL,  -- ISO 8601, so text order is time order
    temp_c       REAL NOT NULL CHECK (temp_c BETWEEN -60 AND 60),
    humidity_pct REAL NOT NULL CHECK (humidity_pct BETWEEN 0 AND 100),
    pressure_hpa REAL NOT NULL CHECK (pressure_hpa BETWEEN 870 AND 1085),
    rain_mm      REAL NOT NULL CHECK (rain_mm >= 0),
    PRIMARY KEY (station, obs_date)
)"""
UPSERT = """
INSERT INTO observations VALUES (:station, :date, :temp_c, :humidity_pct, :pressure_hpa, :rain_mm)
ON CONFLICT (station, obs_date) DO UPDATE SET
    temp_c = excluded.temp_c, humidity_pct = excluded.humidity_pct,
    pressure_hpa = excluded.pressure_hpa, rain_mm = excluded.rain_mm"""


def load(db_path="weather.db"):
    fetched = list(fetch_all())
    valid = [record for record in fetched if is_valid(record)]
    with closing(sqlite3.connect(db_path)) as db, db:  # one transaction: all pages load, or none do
        db.execute(SCHEMA)
        db.executemany(UPSERT, valid)
        table = db.execute("SELECT * FROM observations ORDER BY station, obs_date").fetchall()
    digest = hashlib.sha256(repr(table).encode()).hexdigest()[:12]  # same content, same digest
    return len(fetched), len(fetched) - len(valid), len(table), digest


for run in ("first load", "second load"):
    fetched, rejected, rows, digest = load()
    print(f"{run}: fetched {fetched:,}, rejected {rejected}, rows in table {rows:,}, content {digest}")
# --8<-- [end:load]
