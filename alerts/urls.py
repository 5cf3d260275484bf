"""Every URL of the alerts app: its pages under /canh-bao/ (namespace "alerts"), and the
monitoring endpoints `/health/` and `/metrics` at the site root."""

from django.urls import include, path

from alerts.views import alerts, dashboard, handling, kpis, monitoring, preferences, reports

alert_patterns = [
    path("", alerts.alert_index, name="list"),
    path("<int:pk>/", alerts.alert_detail, name="detail"),
    path("<int:pk>/tiep-nhan/", alerts.alert_acknowledge_view, name="acknowledge"),
    path("<int:pk>/dong/", alerts.alert_close_view, name="close"),
    path("<int:pk>/xu-ly/<slug:action>/", alerts.alert_action_view, name="action"),
    path("chuong/", alerts.bell_count, name="bell-count"),
    path("chuong/danh-sach/", alerts.bell_list, name="bell-list"),
    path("tong-quan/", dashboard.dashboard, name="dashboard"),
    path("tong-quan/van-ban/<slug:kind>/", dashboard.drilldown, name="drilldown"),
    path("tong-quan/he-thong/", dashboard.system, name="system"),
    path("tong-quan/he-thong/bang/", dashboard.system_panel, name="system-panel"),
    path("van-ban/<int:pk>/", dashboard.document_track, name="document"),
    path("bao-cao/", reports.report_list, name="reports"),
    path("bao-cao/lap/", reports.report_generate, name="report-generate"),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report"),
    path("bao-cao/<int:pk>/tep.<str:fmt>", reports.report_file, name="report-file"),
    path("chi-so/", kpis.kpi_view, name="kpis"),
    path("chi-so/tep.xlsx", kpis.kpi_xlsx_view, name="kpis-xlsx"),
    path("cai-dat/", preferences.preferences, name="preferences"),
    # reports: the handling reports (Phụ lục VI, V.2 and V.4)
    path("bao-cao-xu-ly/", handling.handling_report, name="handling-report"),
    path("bao-cao-xu-ly/van-ban/", handling.handling_documents, name="handling-documents"),
    path("bao-cao-xu-ly/tep.<str:fmt>", handling.handling_report_file, name="handling-report-file"),
]

urlpatterns = [
    path("canh-bao/", include((alert_patterns, "alerts"))),
    path("health/", monitoring.health, name="health"),
    path("metrics", monitoring.metrics, name="metrics"),
]
