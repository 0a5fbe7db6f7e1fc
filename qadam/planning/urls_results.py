"""Planning pages (results): a run's seats, why a program got them, export, compare."""

from django.urls import URLPattern, path

from qadam.planning import views_results

urlpatterns: list[URLPattern] = [
    path("runs/<int:run_id>/seats/", views_results.run_seats, name="run_seats"),
    path("runs/<int:run_id>/seats/<int:seat_id>/", views_results.seat_detail, name="seat_detail"),
    path("runs/<int:run_id>/export/", views_results.run_export, name="run_export"),
    path("compare/", views_results.compare, name="compare"),
]
