"""The learner's record owns one kind of data: employment evidence, the months of pension
contributions the state registry's extract shows for a student. Data and constraints only;
the import (qadam.imports, kind "pension") and services.py write it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.common.models import TimeStampedModel
from qadam.placements.models import TrainingContract
from qadam.registry.models import Enterprise, Student, bin_validator, iin_validator


class EmploymentRecord(TimeStampedModel):
    """One month in which an employer paid pension contributions for a student."""

    iin = models.CharField(_("IIN"), max_length=12, validators=[iin_validator])
    employer_bin = models.CharField(_("employer BIN"), max_length=12, validators=[bin_validator])
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="employment_records",
        db_index=False,  # the (student, month) index leads with it
    )
    # the employer in the registry, when its BIN is there
    employer = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # the training had ended by the month's end (placements.rules.employment_errors)
    after_training = models.BooleanField(_("after the training"), default=False)
    # the targeted-training contract this month is employment under (rules.under_contract)
    contract = models.ForeignKey(
        TrainingContract,
        verbose_name=_("training contract"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employment_records",
    )
    # where it came from: the extract's file (its row is in the record's audit entry)
    source_file = models.CharField(_("extract file"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # never read by importer
    )

    class Meta:
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        ordering = ["student", "month", "id"]
        constraints = [
            # month first: an extract covers a few months, and the import reads what exists
            # (and the ids of what it wrote) by month
            models.UniqueConstraint(
                fields=["month", "iin", "employer_bin"], name="employment_month_once"
            ),
        ]
        indexes = [models.Index(fields=["student", "month"], name="employment_student_idx")]

    def __str__(self) -> str:
        return f"{self.iin} @ {self.employer_bin}, {self.month:%Y-%m}"
