"""Point-in-time joins and training-serving skew on synthetic purchase data.

Included section by section in docs/system-design/features-in-production.md.
"""

# --8<-- [start:data]
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(0)
users, days = 3_000, 120
rate = rng.gamma(0.5, 0.04, users)  # each user's purchases per day
counts = rng.poisson(rate * days)
purchases = pd.DataFrame({"user": np.repeat(np.arange(users), counts), "ts": rng.uniform(0, days, counts.sum())})
purchases = purchases.sort_values("ts", ignore_index=True)

# The feature table: one row per update, valid from its timestamp on (what an offline store keeps).
feature_table = purchases.assign(
    purchases_to_date=purchases.groupby("user").cumcount() + 1,
    last_purchase_ts=purchases["ts"],
)

# The spine: one decision time per user per month; the label is a purchase within 7 days after it.
spine = pd.DataFrame({"user": np.repeat(np.arange(users), 3), "ts": np.tile([30.0, 60.0, 90.0], users)})
spine["ts"] += rng.uniform(0, 10, len(spine))
spine = spine.sort_values("ts", ignore_index=True)
future = purchases.rename(columns={"ts": "next_ts"})
spine = pd.merge_asof(spine, future, left_on="ts", right_on="next_ts", by="user", direction="forward")
spine["label"] = (spine["next_ts"] - spine["ts"] < 7).astype(int)
spine = spine.drop(columns="next_ts")


def to_matrix(df, no_purchase_days=120):
    """The model's two features: log(1 + purchases so far), days since the last purchase (capped)."""
    days_since = np.minimum(df["ts"] - df["last_purchase_ts"], 120).fillna(no_purchase_days)
    return np.column_stack([np.log1p(df["purchases_to_date"].fillna(0)), days_since])


# --8<-- [end:data]

# --8<-- [start:pit]
# Naive: join today's row of the feature table (the latest value per user), as a batch job run now would.
latest = feature_table.groupby("user", as_index=False).last().drop(columns="ts")
naive = spine.merge(latest, on="user", how="left")
# Point in time: for each decision, the last feature row strictly before it.
as_of = pd.merge_asof(spine, feature_table, on="ts", by="user", direction="backward", allow_exact_matches=False)

train, test = spine["user"] < 2_000, spine["user"] >= 2_000
y = spine["label"].to_numpy()
x_naive, x_pit = to_matrix(naive), to_matrix(as_of)
print(f"rows {len(spine):,}, positive rate {y.mean():.3f}")
print(f"naive rows that already contain a purchase after the decision: {np.mean(x_naive[:, 1] < 0):.1%}")
models = {}
for name, x in (("naive join", x_naive), ("point-in-time", x_pit)):
    models[name] = LogisticRegression(max_iter=1000).fit(x[train], y[train])
    offline = roc_auc_score(y[test], models[name].predict_proba(x[test])[:, 1])
    served = models[name].predict_proba(x_pit[test])[:, 1]  # production only ever has point-in-time values
    print(
        f"{name:<14} offline AUC {offline:.3f}  production AUC {roc_auc_score(y[test], served):.3f}  "
        f"mean prediction {served.mean():.3f} vs actual {y[test].mean():.3f}"
    )
# --8<-- [end:pit]

# --8<-- [start:skew]
# The serving code computes the same features in another codebase, with one difference:
# a user with no purchases gets the service's default, 0 days since the last purchase, instead of 120.
model = models["point-in-time"]
x_online = to_matrix(as_of, no_purchase_days=0)
never = as_of["purchases_to_date"].isna().to_numpy()
for name, x in (("offline features", x_pit), ("online features", x_online)):
    p = model.predict_proba(x[test])[:, 1]
    print(
        f"{name:<17} AUC {roc_auc_score(y[test], p):.3f}  mean prediction {p.mean():.3f}  "
        f"for users with no purchases {p[never[test]].mean():.3f} (actual {y[test][never[test]].mean():.3f})"
    )

# The check that catches it: recompute features offline for logged requests and compare, feature by feature.
mismatch = np.abs(x_online - x_pit) > 1e-9
for j, feature in enumerate(("log_purchases_to_date", "days_since_last_purchase")):
    print(f"skew check {feature:<25} mismatched rows {mismatch[:, j].mean():.1%}")
# --8<-- [end:skew]
