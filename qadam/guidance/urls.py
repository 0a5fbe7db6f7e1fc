from django.urls import path

from qadam.guidance import views

app_name = "guidance"

EVENT = "events/<int:event_id>/"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("start/schools/", views.school_options, name="school_options"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.start, name="join_event"),
    path("resume/", views.resume, name="resume"),
    path("s/<str:resume_code>/", views.diagnostic, name="diagnostic"),
    path("r/<str:resume_code>/", views.results, name="results"),
    path("r/<str:resume_code>/pdf", views.results_download, name="results_pdf"),
    path("r/<str:resume_code>/link/", views.link_account, name="link_account"),
    path("r/<str:resume_code>/share/", views.share_for_enrolment, name="share_for_enrolment"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path(EVENT, views.event_detail, name="event_detail"),
    path(f"{EVENT}open/", views.event_set_open, {"is_open": True}, name="event_open"),
    path(f"{EVENT}close/", views.event_set_open, {"is_open": False}, name="event_close"),
    path("pupils/", views.pupil_list, name="pupil_list"),
    path("pupils/<int:session_id>/", views.pupil_detail, name="pupil_detail"),
]
