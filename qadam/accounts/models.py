"""Users: each holds one role and acts for at most one organisation."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.accounts.roles import Role

INSTITUTION_KIND_FOR_ROLE = {
    Role.COLLEGE_ADMIN: {"college"},
    Role.UNIVERSITY_ADMIN: {"university", "foreign_branch"},
    Role.SCHOOL_COUNSELLOR: {"school"},
}


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    institution = models.ForeignKey(
        "registry.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_users",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_users",
    )
    student = models.OneToOneField(
        "registry.Student",
        verbose_name=_("student record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(institution__isnull=False, enterprise__isnull=False)
                & ~models.Q(institution__isnull=False, student__isnull=False)
                & ~models.Q(enterprise__isnull=False, student__isnull=False),
                name="user_acts_for_one_organisation",
                violation_error_message=_(
                    "A user acts for an institution or for an enterprise, not for both."
                ),
            )
        ]

    def clean(self) -> None:
        super().clean()
        required = {
            Role.COLLEGE_ADMIN: "institution",
            Role.UNIVERSITY_ADMIN: "institution",
            Role.SCHOOL_COUNSELLOR: "institution",
            Role.ENTERPRISE_HR: "enterprise",
            Role.STUDENT: "student",
        }
        field = required.get(Role(self.role)) if self.role else None
        if field and getattr(self, f"{field}_id") is None:
            raise ValidationError({field: _("This role needs its organisation.")})
        allowed = INSTITUTION_KIND_FOR_ROLE.get(Role(self.role)) if self.role else None
        if allowed and self.institution is not None and self.institution.kind not in allowed:
            raise ValidationError(
                {"institution": _("This role cannot act for that kind of institution.")}
            )

    @property
    def organisation(self) -> object | None:
        return self.institution or self.enterprise or self.student
