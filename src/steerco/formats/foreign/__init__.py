"""Plans from other tools (MS Project, Primavera P6, GanttProject) in and out.

Each reader turns a file into a `ForeignPlan` (`plan.py`): the content of a steerco
project file, the dates the source tool stored for every task, and a conversion report
of what was carried over, approximated or dropped. Writers take a project and its
schedule back out to MSPDI XML, CSV or XLSX.
"""
