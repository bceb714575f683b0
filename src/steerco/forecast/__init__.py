"""Monte Carlo forecasts: duration distributions, the simulation engine, calibration, throughput.

The names below are imported on first use (steerco._lazy).
"""

from typing import TYPE_CHECKING

from steerco._lazy import lazy_exports

if TYPE_CHECKING:
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

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(
        __name__,
        {
            "Forecast": "steerco.forecast.result",
            "MilestoneForecast": "steerco.forecast.result",
            "RiskOutcome": "steerco.forecast.result",
            "ForecastOptions": "steerco.forecast.run",
            "forecast": "steerco.forecast.run",
            "forecast_inputs": "steerco.forecast.run",
        },
    )
