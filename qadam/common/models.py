"""Small shared models: timestamps, the audit log and background-job progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change to one record: who, when, what changed (before and after)."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        BULK_LOAD = "bulk_load", _("bulk load")
        # for the ministry to resolve: e.g. an IIN registered at one institution and
        # claimed by another (registry.services.student_iin_conflicts_report)
        FLAG = "flag", _("flagged for the ministry")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # kept as written, so the entry still says who acted after the user is deleted or changes
    actor_username = models.CharField(_("actor's username"), max_length=150, blank=True)
    actor_role = models.CharField(_("actor's role"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    model = models.CharField(_("record type"), max_length=64)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["model", "object_id"], name="audit_record_idx"),
            # the audit page's "who": one actor's entries, newest first
            models.Index(fields=["actor_username", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model}#{self.object_id}"


class Job(models.Model):
    """A background task as a user sees it: what it is, how far it got, what it produced."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("finished")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    result_file = models.CharField(_("result file"), max_length=255, blank=True)
    # what the job made, to open when it is done (a page, not a file: the new round)
    result_url = models.CharField(_("result link"), max_length=255, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # the last sign of life of the worker running it; a running job silent for longer than
    # QADAM_JOB_STALE_SECONDS is failed (common.services.jobs_fail_stale)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
