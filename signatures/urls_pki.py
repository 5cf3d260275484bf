"""URLs of the signatures app (filled in by the signatures integration)."""

urlpatterns: list = []
