"""Career guidance: versioned interest instruments, events, and pupils' diagnostic sessions.
Data and constraints only (the ranges are rules.py's, enforced here again by CHECK
constraints); every write goes through services."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qadam.common.constraints import bound_constraints
from qadam.common.models import TimeStampedModel
from qadam.guidance.rules import EVENT_DATES, FIRST_EVENT_DAY, LAST_EVENT_DAY, SESSION_BOUNDS
from qadam.registry.models import Institution, Region, Specialty, Student

SCALES = ("R", "I", "A", "S", "E", "C")


class Instrument(models.Model):
    """One version of an item bank (e.g. riasec48 v1). Its texts never change after release:
    a new wording is a new version, so stored answers always point to what the pupil saw."""

    code = models.CharField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=10)
    # names, prompt, response labels, scale descriptions, attribution, norms (the JSON file)
    metadata = models.JSONField(_("metadata"), default=dict)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def text(self, key: str) -> str:
        """A localized string of the metadata, e.g. text("name")."""
        values = self.metadata.get(key) or {}
        language = (get_language() or "ru")[:2]
        return str(values.get(language) or values.get("en") or "")


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("item"), max_length=10)  # R1..C8
    scale = models.CharField(_("scale"), max_length=1)
    position = models.PositiveSmallIntegerField(_("position"))  # answers are stored in this order
    text_en = models.CharField(max_length=255)
    text_ru = models.CharField(max_length=255)
    text_kk = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_code_once"),
            models.UniqueConstraint(fields=["instrument", "position"], name="item_position_once"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        language = (get_language() or "ru")[:2]
        return str(getattr(self, f"text_{language}", "") or self.text_en)


class GuidanceEvent(TimeStampedModel):
    """A festival or a school visit: pupils join with its code, without an account."""

    class Kind(models.TextChoices):
        FESTIVAL = "festival", _("festival")
        SCHOOL_VISIT = "school_visit", _("school visit")
        OTHER = "other", _("other")

    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="guidance_events",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FESTIVAL)
    join_code = models.CharField(_("join code"), max_length=8, unique=True)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_open = models.BooleanField(_("open for pupils"), default=True)

    class Meta:
        verbose_name = _("guidance event")
        verbose_name_plural = _("guidance events")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": FIRST_EVENT_DAY})
                    & models.Q(**{f"{name}__lte": LAST_EVENT_DAY}),
                    name=f"event_{name}_range",
                    violation_error_message=_("Event dates are from 2020 to 2100."),
                )
                for name in EVENT_DATES
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.join_code})"


class DiagnosticSession(TimeStampedModel):
    """One pupil's diagnostic: who (age, region, school, language; no name), the answers as
    they come in, and once complete the scale scores, Holland code and recommendations."""

    # made by the pupil's device: a resubmitted form carries the same id and is stored once
    client_id = models.UUIDField(_("submission id"), unique=True)
    resume_code = models.CharField(_("resume code"), max_length=10, unique=True)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        GuidanceEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guidance_sessions",
    )
    # the pupil's consent to be found by their IIN at enrolment, and the student record a
    # college then linked the results to (services/links.py)
    enrolment_iin = models.CharField(_("IIN shared for enrolment"), max_length=12, blank=True)
    enrolment_consent_at = models.DateTimeField(
        _("consent to share with the college given at"), null=True, blank=True
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diagnostic_sessions",
    )
    language = models.CharField(_("language"), max_length=2)
    age = models.PositiveSmallIntegerField(_("age"))
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    school = models.ForeignKey(
        Institution,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "school"},
    )
    consent_at = models.DateTimeField(_("consent given at"))
    share_with_counsellor = models.BooleanField(_("school counsellor may see results"))
    # one digit per item in the instrument's order, 1..5, "0" where unanswered
    answers = models.CharField(_("answers"), max_length=200, blank=True)
    skills = models.JSONField(_("self-rated skills"), default=dict, blank=True)
    score_r = models.FloatField(null=True, blank=True)
    score_i = models.FloatField(null=True, blank=True)
    score_a = models.FloatField(null=True, blank=True)
    score_s = models.FloatField(null=True, blank=True)
    score_e = models.FloatField(null=True, blank=True)
    score_c = models.FloatField(null=True, blank=True)
    holland_code = models.CharField(_("Holland code"), max_length=3, blank=True)
    # [{"specialty": id, "fit": r}, ...] best first, as computed at completion
    recommendations = models.JSONField(_("recommendations"), default=list, blank=True)
    top_specialty = models.ForeignKey(
        Specialty, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("diagnostic session")
        verbose_name_plural = _("diagnostic sessions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["event", "completed_at"], name="session_event_idx"),
            models.Index(fields=["school", "completed_at"], name="session_school_idx"),
            models.Index(fields=["enrolment_iin"], name="session_enrolment_iin_idx"),
        ]
        constraints = [*bound_constraints("session", SESSION_BOUNDS)]

    def __str__(self) -> str:
        return self.resume_code

    @property
    def scores(self) -> list[float | None]:
        return [getattr(self, f"score_{scale.lower()}") for scale in SCALES]


class ParentLink(models.Model):
    """A parent follows a child's results, linked with the child's resume code."""

    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidance_children"
    )
    session = models.ForeignKey(
        DiagnosticSession, on_delete=models.CASCADE, related_name="parent_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "session"], name="parent_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.parent_id} → {self.session_id}"
