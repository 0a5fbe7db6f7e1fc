"""Placement rounds: enterprises' offers, students' ranked applications, the matched
placements and the targeted-training contracts they become. Data and constraints only."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.common.constraints import bound_constraints
from qadam.common.localized import localized
from qadam.common.models import Job, TimeStampedModel
from qadam.placements import choices
from qadam.placements.rules import (
    APPEAL_BOUNDS,
    APPEAL_DAYS,
    CONTRACT_BOUNDS,
    MAX_CHOICES,
    OFFER_BOUNDS,
    QUOTA_BOUNDS,
    ROUND_BOUNDS,
)
from qadam.registry.models import (
    Enterprise,
    Institution,
    Occupation,
    Region,
    Specialty,
    Student,
)


class PlacementRound(TimeStampedModel):
    """One term's round: draft -> open -> closed -> matched -> published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for applications")
        CLOSED = "closed", _("closed")
        MATCHED = "matched", _("matched")
        PUBLISHED = "published", _("published")

    name = models.CharField(_("name (Russian)"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    term = models.CharField(_("term"), max_length=60)
    # None: a national round run by the ministry; else a round of one institution's students
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placement_rounds",
    )
    previous_round = models.ForeignKey(
        "self",
        verbose_name=_("previous round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # fixes the tie-breaking lottery: the same inputs and seed give the same placements
    lottery_seed = models.PositiveIntegerField(_("lottery seed"))
    max_choices = models.PositiveSmallIntegerField(
        _("offers a student may rank"), default=MAX_CHOICES
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal after publication"), default=APPEAL_DAYS
    )
    # bumped by every change to applications or assessments: a match run refuses to
    # write results computed from inputs that changed under it
    inputs_version = models.PositiveIntegerField(default=0, editable=False)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True, editable=False)
    job = models.ForeignKey(
        Job,
        verbose_name=_("last run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("placement round")
        verbose_name_plural = _("placement rounds")
        ordering = ["-id"]
        constraints = [*bound_constraints("placement_round", ROUND_BOUNDS)]

    def __str__(self) -> str:
        return f"{localized(self)} ({self.term})"


class Offer(TimeStampedModel):
    """Seats an enterprise offers in one round, and how it ranks its applicants."""

    Kind = choices.OfferKind
    ScoringRule = choices.ScoringRule

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="offers"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("title (Russian)"), max_length=200)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DUAL)
    specialties = models.ManyToManyField(
        Specialty, verbose_name=_("specialties accepted"), related_name="offers"
    )
    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation (ISCO-08)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    address = models.CharField(_("address"), max_length=255)
    seats = models.PositiveIntegerField(_("seats"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    mentors = models.TextField(_("mentors"), blank=True, help_text=_("One name per line."))
    scoring_rule = models.CharField(
        _("scoring rule"), max_length=10, choices=ScoringRule.choices, default=ScoringRule.GRADES
    )
    # percentages of the weighted rule; they add up to 100
    weight_grades = models.PositiveSmallIntegerField(_("weight of grades, %"), default=0)
    weight_fit = models.PositiveSmallIntegerField(_("weight of specialty fit, %"), default=0)
    weight_distance = models.PositiveSmallIntegerField(_("weight of distance, %"), default=0)
    weight_test = models.PositiveSmallIntegerField(_("weight of the test, %"), default=0)
    # targeted training: the job the graduate is guaranteed, and for how long they commit
    position = models.CharField(_("guaranteed position"), max_length=200, blank=True)
    salary_min = models.PositiveIntegerField(_("salary from, KZT a month"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary to, KZT a month"), null=True, blank=True)
    work_years = models.PositiveSmallIntegerField(
        _("years the graduate commits to work"), null=True, blank=True
    )
    # the previous round's offer this one carries the remaining seats of
    source_offer = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # written by the match: seats taken, and the lowest admitted score when all are taken
    filled = models.PositiveIntegerField(_("seats filled"), default=0, editable=False)
    cutoff = models.FloatField(_("lowest admitted score"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="offer_ends_after_start",
                violation_error_message=_("The training must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_max__gte=models.F("salary_min")),
                name="offer_salary_band_ordered",
                violation_error_message=_("The top of the salary band is below its bottom."),
            ),
            *bound_constraints("offer", OFFER_BOUNDS),
        ]
        indexes = [models.Index(fields=["enterprise", "round"], name="offer_enterprise_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {localized(self, 'title')}"

    @property
    def weights(self) -> tuple[int, int, int, int]:
        return (self.weight_grades, self.weight_fit, self.weight_distance, self.weight_test)


# what an enterprise fills in when it publishes an offer (forms and services share it)
OFFER_EDITABLE_FIELDS = (
    "title",
    "title_kk",
    "title_en",
    "kind",
    "specialties",
    "occupation",
    "region",
    "address",
    "seats",
    "starts_on",
    "ends_on",
    "mentors",
    "scoring_rule",
    "weight_grades",
    "weight_fit",
    "weight_distance",
    "weight_test",
    "position",
    "salary_min",
    "salary_max",
    "work_years",
)


class Quota(TimeStampedModel):
    """A ministry's minimum and/or maximum of one class of applicants across a group of a
    round's offers (those in one region, or all). The match splits it among the group's
    offers by their seats and keeps it as ADR 0013 says."""

    Applicants = choices.QuotaApplicants

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="quotas"
    )
    # None: every offer of the round
    offer_region = models.ForeignKey(
        Region,
        verbose_name=_("offers in region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicants = models.CharField(_("applicants"), max_length=12, choices=Applicants.choices)
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("applicants' home region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_seats = models.PositiveIntegerField(_("at least"), null=True, blank=True)
    max_seats = models.PositiveIntegerField(_("at most"), null=True, blank=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_seats__isnull=False) | models.Q(max_seats__isnull=False),
                name="quota_has_a_bound",
                violation_error_message=_("Set a minimum, a maximum or both."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_seats__isnull=True)
                | models.Q(max_seats__isnull=True)
                | models.Q(max_seats__gte=models.F("min_seats")),
                name="quota_bounds_ordered",
                violation_error_message=_("The maximum is below the minimum."),
            ),
            models.CheckConstraint(
                condition=models.Q(applicants="home_region", home_region__isnull=False)
                | (~models.Q(applicants="home_region") & models.Q(home_region__isnull=True)),
                name="quota_home_region_for_region_applicants",
                violation_error_message=_(
                    "A quota for applicants from a region names that region, and only it does."
                ),
            ),
            *bound_constraints("quota", QUOTA_BOUNDS),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_applicants_display()}"


class Application(models.Model):
    """One offer a student ranks; rank 1 is their first choice."""

    # no single-column indexes: the composite ones below lead with each of these columns,
    # and two million rows a round make every redundant index slow to write
    round = models.ForeignKey(
        PlacementRound, on_delete=models.CASCADE, related_name="applications", db_index=False
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="applications",
        db_index=False,
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="applications",
        db_index=False,
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CHOICES)]
    )
    # set by an upheld appeal: the match uses it instead of the offer's rule
    score_corrected = models.FloatField(_("corrected score"), null=True, blank=True)
    # uploaded by the enterprise before the match
    test_score = models.FloatField(
        _("test score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    enterprise_rank = models.PositiveIntegerField(
        _("enterprise's ranking"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "student", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "student", "rank"], name="application_one_offer_per_rank"
            ),
            models.UniqueConstraint(fields=["student", "offer"], name="application_offer_once"),
        ]
        indexes = [models.Index(fields=["offer", "student"], name="application_offer_idx")]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.offer_id} (#{self.rank})"


class Placement(TimeStampedModel):
    """The match's outcome for one applicant of a round (placed or not)."""

    class Status(models.TextChoices):
        UNPLACED = "unplaced", _("not placed")
        PENDING = "pending", _("awaiting the enterprise")
        ACCEPTED = "accepted", _("accepted by the enterprise")
        DECLINED = "declined", _("declined by the enterprise")

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="placements"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="placements"
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="placements",
    )
    rank = models.PositiveSmallIntegerField(_("choice"), null=True, blank=True)
    lottery = models.PositiveIntegerField(_("lottery number"))
    # the student's score at each offer they ranked, in rank order: explains the outcome
    scores = models.JSONField(_("scores"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["round", "student"]
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="placement_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(offer__isnull=True, status="unplaced")
                | models.Q(offer__isnull=False, status__in=["pending", "accepted", "declined"]),
                name="placement_status_matches_offer",
                violation_error_message=_(
                    "A placement names an offer unless the student is unplaced."
                ),
            ),
        ]
        indexes = [models.Index(fields=["offer", "status"], name="placement_offer_idx")]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.offer_id or '—'}"


class TrainingContract(TimeStampedModel):
    """A targeted-training contract: training, then the guaranteed job for the committed years."""

    Status = choices.ContractStatus

    placement = models.OneToOneField(
        Placement, verbose_name=_("placement"), on_delete=models.PROTECT, related_name="contract"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="contracts"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="contracts"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    position = models.CharField(_("guaranteed position"), max_length=200)
    salary_min = models.PositiveIntegerField(_("salary from, KZT a month"))
    salary_max = models.PositiveIntegerField(_("salary to, KZT a month"))
    work_years = models.PositiveSmallIntegerField(_("years the graduate commits to work"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TRAINING
    )
    signed_on = models.DateField(_("signed on"))
    employed_on = models.DateField(_("employed on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("training contract")
        verbose_name_plural = _("training contracts")
        ordering = ["-signed_on", "-id"]
        # the order of the dates (contract_errors in rules.py says it to the user)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_max__gte=models.F("salary_min")),
                name="contract_salary_band_ordered",
                violation_error_message=_("The top of the salary band is below its bottom."),
            ),
            models.CheckConstraint(
                condition=models.Q(employed_on__isnull=True)
                | models.Q(employed_on__gte=models.F("signed_on")),
                name="contract_employed_after_signing",
                violation_error_message=_("Employment cannot start before the contract is signed."),
            ),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("employed_on")),
                name="contract_completed_after_employment",
                violation_error_message=_(
                    "The contract cannot be completed before employment starts."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(terminated_on__isnull=True)
                | models.Q(terminated_on__gte=models.F("signed_on")),
                name="contract_terminated_after_signing",
                violation_error_message=_("The contract cannot be terminated before it is signed."),
            ),
            *bound_constraints("contract", CONTRACT_BOUNDS),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} @ {self.enterprise_id}: {self.position}"


class RoundCertificate(TimeStampedModel):
    """A match's fingerprint: SHA-256 of its canonical inputs and of its result, the engine
    version and the time. Anyone holding the documents can recompute it (`qadam match
    --verify`); a correction after an appeal is a new certificate of the same round."""

    class Reason(models.TextChoices):
        MATCH = "match", _("the match")
        CORRECTION = "correction", _("a correction after an appeal")

    round = models.ForeignKey(
        PlacementRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.CharField(
        _("reason"), max_length=12, choices=Reason.choices, default=Reason.MATCH
    )
    certified_at = models.DateTimeField(_("certified at"))
    engine_version = models.CharField(_("engine version"), max_length=60)
    inputs_sha256 = models.CharField(_("fingerprint of the inputs"), max_length=64)
    result_sha256 = models.CharField(_("fingerprint of the result"), max_length=64)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)

    class Meta:
        verbose_name = _("round certificate")
        verbose_name_plural = _("round certificates")
        ordering = ["round", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="certificate_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} #{self.number} {self.short}"

    @property
    def short(self) -> str:
        """The first 12 hex digits: what a student's page shows."""
        return self.fingerprint[:12]


class CertificateDocuments(models.Model):
    """The certified documents, gzip-compressed canonical JSON: the inputs as they were at
    certification (a later change in the database is found and named against them), the
    result, and the anonymised inputs an outside auditor re-runs."""

    certificate = models.OneToOneField(
        RoundCertificate, primary_key=True, on_delete=models.CASCADE, related_name="documents"
    )
    inputs = models.BinaryField()
    result = models.BinaryField()
    anonymised = models.BinaryField()

    class Meta:
        verbose_name = _("certified documents")
        verbose_name_plural = _("certified documents")

    def __str__(self) -> str:
        return f"documents of certificate {self.certificate_id}"


class Appeal(TimeStampedModel):
    """A student's appeal against a published result, within the round's window; the
    coordinator upholds it (correcting the input and re-running the match as a job) or
    rejects it, with a reason."""

    Ground = choices.AppealGround
    Status = choices.AppealStatus

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="appeals"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="appeals"
    )
    ground = models.CharField(_("ground"), max_length=12, choices=Ground.choices)
    # the offer the appeal is about: one the student ranked (a wrong score) or one they
    # were kept from (a wrong eligibility decision), with the rank they would give it
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="appeals"
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    statement = models.TextField(_("statement"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    corrected_score = models.FloatField(_("corrected score"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    job = models.ForeignKey(
        Job,
        verbose_name=_("re-run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # written by the re-run: whose placement changed ([student, offer before, offer after])
    # and the certificate the correction was published with
    changes = models.JSONField(_("changed placements"), default=list, blank=True, editable=False)
    certificate = models.ForeignKey(
        RoundCertificate,
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["round", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="upheld", ground="score", corrected_score__isnull=True),
                name="appeal_upheld_score_corrected",
                violation_error_message=_("An upheld appeal against a score sets the score."),
            ),
            *bound_constraints("appeal", APPEAL_BOUNDS),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.student_id}: {self.ground} ({self.status})"
