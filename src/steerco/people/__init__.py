"""The people side of a project: skills, the team's workload and the AI project manager career path.

Pure functions over the project model and the parsed data files of `steerco/data/`
(read by `steerco.library.people`); no I/O here.
"""
