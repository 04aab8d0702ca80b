"""ETA estimation: what "on time" means. A mean model, a mean model plus one global pad, and a p90 quantile model.

Included, section by section, into docs/system-design/eta-estimation.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:data]
import numpy as np


def make_deliveries(n, rng):
    """Synthetic food deliveries: minutes from order to door, right-skewed, noisier when busy or raining."""
    distance_km = rng.gamma(2.0, 1.5, n)
    prep_minutes = rng.gamma(4.0, 3.0, n)  # the store's typical prep time
    busy = rng.random(n) < 0.3  # dinner peak, few couriers per order
    rain = rng.random(n) < 0.15
    median = 8 + prep_minutes + 3.0 * distance_km + 6 * busy + 5 * rain
    sigma = 0.15 + 0.20 * busy + 0.25 * rain  # log-scale spread: the tail grows with congestion
    actual = median * np.exp(rng.normal(0.0, sigma, n))
    X = np.column_stack([distance_km, prep_minutes, busy, rain])
    return X, actual, busy | rain


rng = np.random.default_rng(0)
X_train, y_train, _ = make_deliveries(20_000, rng)
X_test, y_test, hard_test = make_deliveries(20_000, rng)
print(
    f"test deliveries: {len(y_test):,}, median {np.median(y_test):.1f} min, mean {y_test.mean():.1f} min, "
    f"p90 {np.quantile(y_test, 0.9):.1f} min; {hard_test.mean():.0%} busy or raining"
)
# --8<-- [end:data]

# --8<-- [start:models]
from sklearn.ensemble import HistGradientBoostingRegressor

params = dict(max_iter=200, learning_rate=0.1, max_leaf_nodes=15, early_stopping=False, random_state=0)
mean_model = HistGradientBoostingRegressor(loss="squared_error", **params).fit(X_train, y_train)
p90_model = HistGradientBoostingRegressor(loss="quantile", quantile=0.9, **params).fit(X_train, y_train)

# The global pad: pick the constant that makes 90% of *training* orders on time, then apply it to everyone.
pad = np.quantile(y_train - mean_model.predict(X_train), 0.9)

quotes = {
    "mean (squared error)": mean_model.predict(X_test),
    f"mean + {pad:.1f} min pad": mean_model.predict(X_test) + pad,
    "p90 (quantile loss)": p90_model.predict(X_test),
}
print(f"{'quote':<22} {'on time':>8} {'calm':>6} {'busy/rain':>10} {'avg quote':>10} {'late >10 min':>13}")
for name, quote in quotes.items():
    on_time = y_test <= quote
    print(
        f"{name:<22} {on_time.mean():>8.1%} {on_time[~hard_test].mean():>6.1%} {on_time[hard_test].mean():>10.1%} "
        f"{quote.mean():>10.1f} {np.mean(y_test > quote + 10):>13.2%}"
    )
# --8<-- [end:models]
