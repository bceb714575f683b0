"""The report's charts as SVG text: pure functions of the `ReportCharts` data, one per chart."""

from steerco.report.render.charts._style import PALETTE
from steerco.report.render.charts.catalogue import CHART_NAMES, Chart, report_charts
from steerco.report.render.charts.forecast import forecast_histogram_svg, forecast_scurve_svg
from steerco.report.render.charts.gantt import MAX_GANTT_ROWS, gantt_svg
from steerco.report.render.charts.grids import power_interest_svg, risk_matrix_svg
from steerco.report.render.charts.load import MAX_RESOURCES, resource_load_svg
from steerco.report.render.charts.progress import (
    burndown_svg,
    burnup_svg,
    earned_value_svg,
    sprint_burndown_svg,
    sprint_burnup_svg,
)

__all__ = [
    "CHART_NAMES",
    "MAX_GANTT_ROWS",
    "MAX_RESOURCES",
    "PALETTE",
    "Chart",
    "burndown_svg",
    "burnup_svg",
    "earned_value_svg",
    "forecast_histogram_svg",
    "forecast_scurve_svg",
    "gantt_svg",
    "power_interest_svg",
    "report_charts",
    "resource_load_svg",
    "risk_matrix_svg",
    "sprint_burndown_svg",
    "sprint_burnup_svg",
]
