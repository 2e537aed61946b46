"""Monitoring pages, one module per topic; `izlem/monitoring/urls.py` names each view by its module."""
