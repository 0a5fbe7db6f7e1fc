"""The roles a Qadam user can hold; a user acts for one organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MINISTRY_ADMIN = "ministry_admin", _("ministry administrator")
    ANALYST = "analyst", _("analyst")
    COLLEGE_ADMIN = "college_admin", _("college administrator")
    UNIVERSITY_ADMIN = "university_admin", _("university administrator")
    ENTERPRISE_HR = "enterprise_hr", _("enterprise HR")
    STUDENT = "student", _("student")
    GUIDANCE_ORGANISER = "guidance_organiser", _("guidance organiser")
    SCHOOL_COUNSELLOR = "school_counsellor", _("school counsellor")
    PARENT = "parent", _("parent")


INSTITUTION_ROLES = {Role.COLLEGE_ADMIN, Role.UNIVERSITY_ADMIN}
