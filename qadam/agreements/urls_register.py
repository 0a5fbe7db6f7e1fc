"""Partnership pages (register): the agreements, their parties and documents, charts."""

from django.urls import path

from qadam.agreements import views_register as views

AGREEMENT = "<int:agreement_id>/"

urlpatterns = [
    path("", views.register, name="register"),
    path("charts/", views.register_charts, name="register_charts"),
    path("partners/", views.partner_options, name="partner_options"),
    path("institutions/", views.institution_options, name="institution_options"),
    path("new/", views.agreement_create, name="agreement_create"),
    path(AGREEMENT, views.agreement_detail, name="agreement_detail"),
    path(f"{AGREEMENT}edit/", views.agreement_edit, name="agreement_edit"),
    path(f"{AGREEMENT}transition/", views.agreement_transition, name="agreement_transition"),
    path(f"{AGREEMENT}parties/", views.party_add, name="party_add"),
    path(f"{AGREEMENT}parties/<int:party_id>/remove/", views.party_remove, name="party_remove"),
    path(f"{AGREEMENT}documents/", views.document_upload, name="document_upload"),
    path("documents/<int:document_id>/", views.document_download, name="document_download"),
]
