"""What an offer pays in each year: vesting schedules, a one-year cliff, refreshers and a sign-on bonus.

Included in docs/interviews/negotiating-the-offer.md. Amounts are in units of base salary = 100.
"""

# --8<-- [start:schedules]
import numpy as np

YEARS = 5  # one year past the new-hire grant, to show what is left when it runs out


def grant_vesting(units, yearly_fractions, start_month=0, cliff_months=12):
    """Units vested in each month of a YEARS-long timeline, for one grant.

    Within each vesting year the grant vests monthly; before the cliff nothing vests, and at the
    cliff everything accrued so far vests at once.
    """
    fractions = np.asarray(yearly_fractions, dtype=float)
    assert abs(fractions.sum() - 1) < 1e-12, "a schedule must vest the whole grant"
    monthly = np.repeat(fractions / 12, 12) * units
    if cliff_months:
        monthly[cliff_months - 1] = monthly[:cliff_months].sum()
        monthly[: cliff_months - 1] = 0.0
    timeline = np.zeros(12 * YEARS)
    end = min(start_month + len(monthly), len(timeline))
    timeline[start_month:end] = monthly[: end - start_month]
    return timeline


def yearly_pay(offer, schedule, share_price=None):
    """Cash plus the value of equity vested, in each year of employment."""
    price = np.ones(12 * YEARS) if share_price is None else share_price
    equity = grant_vesting(offer["new_hire_grant"], schedule) * price
    for year in range(1, YEARS):  # a refresher at the end of each year: 4 years, even, no cliff
        equity += grant_vesting(offer["refresher"], [0.25] * 4, start_month=12 * year, cliff_months=0) * price
    cash = np.full(YEARS, offer["base"] * (1 + offer["target_bonus"]))
    cash[0] += offer["sign_on"]
    return cash + equity.reshape(YEARS, 12).sum(axis=1)


# An illustrative offer in units of base salary = 100: put your own offer's numbers here.
# The grant and refreshers are valued at the grant-date share price.
offer = {"base": 100, "target_bonus": 0.10, "sign_on": 30, "new_hire_grant": 200, "refresher": 40}
schedules = {  # illustrative shapes, not any company's
    "even 25/25/25/25": [0.25, 0.25, 0.25, 0.25],
    "front 40/30/20/10": [0.40, 0.30, 0.20, 0.10],
    "back 5/15/40/40": [0.05, 0.15, 0.40, 0.40],
}
print(f"{'schedule':18}" + "".join(f"{'year ' + str(y):>8}" for y in range(1, YEARS + 1)) + "  4-yr total")
for name, fractions in schedules.items():
    pay = yearly_pay(offer, fractions)
    print(f"{name:18}" + "".join(f"{v:8.0f}" for v in pay) + f"{pay[:4].sum():11.0f}")

vested = grant_vesting(1.0, [0.25] * 4).cumsum()
print("even schedule, share vested after 11, 12, 13, 36 months:", [f"{vested[m - 1]:.1%}" for m in (11, 12, 13, 36)])
# --8<-- [end:schedules]

# --8<-- [start:price]
months = np.arange(1, 12 * YEARS + 1)
for change in (-0.20, 0.20):
    price = (1 + change) ** (months / 12)  # share price relative to the grant price, month by month
    totals = [f"{name.split()[0]} {yearly_pay(offer, f, price)[:4].sum():.0f}" for name, f in schedules.items()]
    print(f"share price {change:+.0%} a year, 4-yr total:", ", ".join(totals))
# --8<-- [end:price]
