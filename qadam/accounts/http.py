"""The request type of views behind login_required and of authenticated API endpoints."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from qadam.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    LANGUAGE_CODE: str
    htmx: HtmxDetails
