"""Planning pages: megaprojects and staffing plans, scenarios and runs, seats and exports."""

from django.urls import include, path

app_name = "planning"
urlpatterns = [
    path("", include("qadam.planning.urls_scenarios")),
    path("", include("qadam.planning.urls_plans")),
    path("", include("qadam.planning.urls_results")),
]
