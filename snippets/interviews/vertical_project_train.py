"""A vertical project, stage 2: a model trained from a SQL query, with a time-based split, saved with a version.

Included into docs/interviews/vertical-project.md; runs after vertical_project_load.py (reads weather.db).
"""

# --8<-- [start:query]
import sqlite3
from contextlib import closing

import pandas as pd

TRAINING_QUERY = """
WITH daily AS (
    SELECT *,
        pressure_hpa - LAG(pressure_hpa) OVER w                    AS pressure_change_hpa,
        julianday(obs_date) - julianday(LAG(obs_date) OVER w)      AS days_since_previous,
        julianday(LEAD(obs_date) OVER w) - julianday(obs_date)     AS days_to_next,
        LEAD(rain_mm) OVER w > 0                                   AS rain_tomorrow
    FROM observations
    WINDOW w AS (PARTITION BY station ORDER BY obs_date)
)
SELECT obs_date, temp_c, humidity_pct, pressure_hpa, rain_mm, pressure_change_hpa, rain_tomorrow
FROM daily
WHERE days_since_previous = 1 AND days_to_next = 1  -- a rejected day leaves a gap: skip, don't bridge it
ORDER BY obs_date
"""
with closing(sqlite3.connect("weather.db")) as db:
    data = pd.read_sql_query(TRAINING_QUERY, db)
print(f"{len(data):,} labelled station-days, {data.rain_tomorrow.mean():.0%} followed by rain")
# --8<-- [end:query]

# --8<-- [start:train]
import pickle

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

FEATURES = ["temp_c", "humidity_pct", "pressure_hpa", "rain_mm", "pressure_change_hpa"]
TRAIN_BEFORE, TEST_FROM = "2025-06-30", "2025-07-01"  # the label looks one day ahead: leave one day out

train = data[data.obs_date < TRAIN_BEFORE]
test = data[data.obs_date >= TEST_FROM]
model = make_pipeline(StandardScaler(), LogisticRegression())
model.fit(train[FEATURES], train.rain_tomorrow)

rain_probability = model.predict_proba(test[FEATURES])[:, 1]
print(f"train {train.obs_date.min()} to {train.obs_date.max()}: {len(train):,} station-days")
print(f"test  {test.obs_date.min()} to {test.obs_date.max()}: {len(test):,} station-days")
print(
    f"AUC: model {roc_auc_score(test.rain_tomorrow, rain_probability):.3f}, "
    f"'rained today' {roc_auc_score(test.rain_tomorrow, test.rain_mm > 0):.3f}"
)
print(
    f"Brier: model {brier_score_loss(test.rain_tomorrow, rain_probability):.3f}, "
    f"base rate {brier_score_loss(test.rain_tomorrow, [train.rain_tomorrow.mean()] * len(test)):.3f}"
)

artifact = {
    "model": model,
    "features": FEATURES,
    "threshold": 0.5,
    "version": f"rain-logreg-{TRAIN_BEFORE}-n{len(train)}",  # what it is and what data it saw
}
with open("model.pkl", "wb") as file:
    pickle.dump(artifact, file)
print("saved", artifact["version"])
# --8<-- [end:train]
