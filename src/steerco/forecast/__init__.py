"""Monte Carlo forecasts: duration distributions, the simulation engine, calibration, throughput."""

from steerco.forecast.result import Forecast, MilestoneForecast, RiskOutcome
from steerco.forecast.run import ForecastOptions, forecast, forecast_inputs

__all__ = [
    "Forecast",
    "ForecastOptions",
    "MilestoneForecast",
    "RiskOutcome",
    "forecast",
    "forecast_inputs",
]
