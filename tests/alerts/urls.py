"""The site's URLs plus the alerts pages, mounted the way qlvb/urls.py is asked to mount them."""

from django.urls import include, path

from qlvb.urls import urlpatterns as site

_mounted = {getattr(p, "namespace", None) for p in site} | {getattr(p, "name", None) for p in site}

urlpatterns = [*site]
if "alerts" not in _mounted:
    urlpatterns.append(path("canh-bao/", include("alerts.urls")))
if "health" not in _mounted:
    urlpatterns.append(path("", include("alerts.urls_monitoring")))
