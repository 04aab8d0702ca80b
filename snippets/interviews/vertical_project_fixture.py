"""A vertical project, stage 0: a local stand-in for a paginated weather API.

Included into docs/interviews/vertical-project.md. Writes api/page_*.json in the working directory: two years of
daily observations for four stations, served in pages that overlap (the API re-sends the last records of a page)
and with a few bad records (a missing humidity, a sentinel pressure), as real feeds do.
"""

# --8<-- [start:fixture]
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np

rng = np.random.default_rng(0)
STATIONS, DAYS, PAGE_SIZE, OVERLAP = ["ST01", "ST02", "ST03", "ST04"], 731, 250, 10

records = []
for offset, station in enumerate(STATIONS):
    pressure, humidity = 1013.0, 65.0
    rain_chance = 0.3
    for day in range(DAYS):
        when = date(2024, 1, 1) + timedelta(days=day)
        rained = rng.random() < rain_chance  # decided by yesterday's weather
        change = 0.25 * (1013 - pressure) + rng.normal(0, 5)  # pulled back towards 1013 hPa
        pressure += change
        humidity = float(np.clip(65 + 1.2 * (1013 - pressure) + 10 * rained + rng.normal(0, 8), 15, 100))
        season = 10 * np.sin(2 * np.pi * (day - 110) / 365)
        records.append(
            {
                "station": station,
                "date": when.isoformat(),
                "temp_c": round(float(12 + 2 * offset + season + rng.normal(0, 3)), 1),
                "humidity_pct": round(humidity, 1),
                "pressure_hpa": round(pressure, 1),
                "rain_mm": round(float(rng.gamma(1.5, 4.0)), 1) if rained else 0.0,
            }
        )
        logit = -1.1 + 0.12 * (1013 - pressure) + 0.05 * (humidity - 65) - 0.15 * change
        rain_chance = 1 / (1 + np.exp(-logit))  # tomorrow's chance of rain

for i in rng.choice(len(records), 30, replace=False):  # what real feeds send
    if i % 2:
        records[i]["humidity_pct"] = None
    else:
        records[i]["pressure_hpa"] = -999.0

api = Path("api")
api.mkdir(exist_ok=True)
starts = list(range(0, len(records), PAGE_SIZE))
for number, start in enumerate(starts, 1):
    page = {
        "results": records[max(0, start - OVERLAP) : start + PAGE_SIZE],  # re-sends the previous page's tail
        "next": f"page_{number + 1}.json" if number < len(starts) else None,
    }
    (api / f"page_{number}.json").write_text(json.dumps(page))
print(f"{len(records):,} records in {len(starts)} pages, the first:")
print(json.dumps(records[0]))
# --8<-- [end:fixture]
