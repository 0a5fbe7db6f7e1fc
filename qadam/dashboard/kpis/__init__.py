"""The national picture: published targets beside the actuals computed from Qadam's data.

definitions.py  the indicators (key, label, unit, what the actual counts)
actuals.py      each actual from the apps' aggregate selectors, nationally, by region and
                by institution
figures.py      the actuals kept computed (KpiFigures) and refreshed when the data change;
                yearly snapshots
"""
