"""Pages of the alerts app, by concern: alerts and the bell, dashboards, reports, KPIs,
notification preferences, and the monitoring endpoints."""
