"""A vertical project, stage 3: serve the model behind a FastAPI endpoint with validated input.

Included into docs/interviews/vertical-project.md; loads model.pkl, written by vertical_project_train.py.
"""

# --8<-- [start:schemas]
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Observation(BaseModel):
    """Today's weather at one station: the same fields, units and ranges as the training table."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not a silent default

    station: Annotated[str, Field(pattern=r"^ST\d{2}$")]
    temp_c: Annotated[float, Field(ge=-60, le=60)]
    humidity_pct: Annotated[float, Field(ge=0, le=100)]
    pressure_hpa: Annotated[float, Field(ge=870, le=1085)]
    rain_mm: Annotated[float, Field(ge=0)]
    pressure_change_hpa: Annotated[float, Field(ge=-80, le=80)]


class Prediction(BaseModel):
    station: str
    rain_probability: float
    rain_expected: bool
    model_version: str


# --8<-- [end:schemas]

# --8<-- [start:app]
import pickle
from contextlib import asynccontextmanager

import pandas as pd
from fastapi import FastAPI

artifact = {}


@asynccontextmanager
async def lifespan(app: FastAPI):
    with open("model.pkl", "rb") as file:  # load once at start-up, not per request
        artifact.update(pickle.load(file))  # only unpickle files you wrote yourself
    yield
    artifact.clear()


app = FastAPI(title="Rain tomorrow", lifespan=lifespan)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok", "model_version": artifact["version"]}


@app.post("/predict")
def predict(observation: Observation) -> Prediction:
    row = pd.DataFrame([observation.model_dump()])[artifact["features"]]
    probability = float(artifact["model"].predict_proba(row)[0, 1])
    return Prediction(
        station=observation.station,
        rain_probability=round(probability, 3),
        rain_expected=probability >= artifact["threshold"],
        model_version=artifact["version"],
    )


# --8<-- [end:app]
