"""The national registry: regions, occupations, specialties, institutions, enterprises,
programs and people. Data and constraints only; every write goes through services.py."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qadam.common.constraints import bound_constraints
from qadam.common.localized import localized
from qadam.common.models import TimeStampedModel
from qadam.registry.choices import (
    CollegeProfile,
    EducationLevel,
    EnterpriseSize,
    Funding,
    InstitutionKind,
    Language,
    Ownership,
    QualificationCategory,
    QualificationLevel,
    Sector,
    Sex,
    StudentStatus,
    StudyForm,
)
from qadam.registry.identifiers import IdentifierError, parse_iin, validate_bin
from qadam.registry.rules import EDUCATOR_BOUNDS, PROGRAM_BOUNDS, STUDENT_BOUNDS, institution_errors

LANGUAGE_CODES = {code for code, _label in Language.choices}


def iin_validator(value: str) -> None:
    try:
        parse_iin(value)
    except IdentifierError as error:
        raise ValidationError(str(error), code="invalid_iin") from None


def bin_validator(value: str) -> None:
    try:
        validate_bin(value)
    except IdentifierError as error:
        raise ValidationError(str(error), code="invalid_bin") from None


def languages_validator(value: str) -> None:
    codes = [code for code in value.split(",") if code]
    unknown = sorted(set(codes) - LANGUAGE_CODES)
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s; use kk, ru or en."),
            params={"codes": ", ".join(unknown)},
        )


class LocalizedName(models.Model):
    """Names in kk/ru/en; `name` gives the one for the active language (then ru, en, kk)."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self)


class Region(LocalizedName):
    kato = models.CharField(_("KATO code"), max_length=2, unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    population_thousands = models.PositiveIntegerField(_("population, thousands"), default=0)
    # the centroid of the region's territory: distances between regions for placement scoring
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name_en"]


class Occupation(models.Model):
    """An ISCO-08 unit group with its RIASEC interest profile (O*NET, 1-7 scale)."""

    code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_ru = models.CharField(_("title (Russian)"), max_length=255)
    riasec_r = models.FloatField(null=True, blank=True)
    riasec_i = models.FloatField(null=True, blank=True)
    riasec_a = models.FloatField(null=True, blank=True)
    riasec_s = models.FloatField(null=True, blank=True)
    riasec_e = models.FloatField(null=True, blank=True)
    riasec_c = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "ru")[:2] == "en" else self.title_ru


class Specialty(LocalizedName):
    """A TVET specialty of Qadam's starter catalogue (replaced by the official one on import)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    qualification_level = models.CharField(
        _("qualification level"), max_length=24, choices=QualificationLevel.choices
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    is_technical = models.BooleanField(_("technical"), default=False)
    occupations = models.ManyToManyField(
        Occupation, verbose_name=_("occupations"), related_name="specialties", blank=True
    )

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["code"]


class Institution(LocalizedName, TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    code = models.CharField(_("code"), max_length=20, unique=True)
    bin = models.CharField(
        _("BIN"), max_length=12, unique=True, null=True, blank=True, validators=[bin_validator]
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    country = models.CharField(_("country"), max_length=2, default="KZ")
    ownership = models.CharField(
        _("ownership"), max_length=10, choices=Ownership.choices, default=Ownership.STATE
    )
    languages = models.CharField(
        _("languages of instruction"),
        max_length=20,
        default="kk,ru",
        validators=[languages_validator],
        help_text=_("Comma-separated codes: kk, ru, en."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent university"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    profile = models.CharField(
        _("college profile"),
        max_length=20,
        choices=CollegeProfile.choices,
        blank=True,
        help_text=_("A college's profile: the sectors its programs come from."),
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name_ru", "id"]
        indexes = [models.Index(fields=["kind", "region"], name="institution_kind_region_idx")]

    def clean(self) -> None:
        fields = ("kind", "country", "region_id", "parent_id", "profile")
        row = {name: getattr(self, name) for name in fields}
        errors = institution_errors(row)  # the rule the bulk import applies too
        if errors:
            raise ValidationError(errors)

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def languages_display(self) -> str:
        """The languages of instruction by name in the reader's language ("Kazakh, Russian")."""
        names = dict(Language.choices)
        return ", ".join(str(names.get(code, code)) for code in self.language_list)


class Enterprise(TimeStampedModel):
    name = models.CharField(_("name"), max_length=255)
    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[bin_validator])
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    size = models.CharField(_("size"), max_length=8, choices=EnterpriseSize.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["region", "sector"], name="enterprise_region_sector_idx")]

    def __str__(self) -> str:
        return self.name


class Program(TimeStampedModel):
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="programs",
    )
    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="programs"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    form = models.CharField(_("form"), max_length=8, choices=StudyForm.choices)
    duration_months = models.PositiveSmallIntegerField(_("duration, months"))
    capacity = models.IntegerField(_("capacity (first-year seats)"))
    state_funded_seats = models.IntegerField(_("state-funded first-year seats"), default=0)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["institution_id", "specialty_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "specialty", "language", "form"], name="program_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=0),
                name="program_capacity_not_negative",
                violation_error_message=_("The capacity cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(state_funded_seats__gte=0)
                & models.Q(state_funded_seats__lte=models.F("capacity")),
                name="program_state_seats_within_capacity",
                violation_error_message=_(
                    "State-funded seats are from 0 up to the program's capacity."
                ),
            ),
            *bound_constraints("program", PROGRAM_BOUNDS),
        ]

    def __str__(self) -> str:
        return f"{self.specialty} — {self.institution} ({self.language}, {self.form})"


class Person(TimeStampedModel):
    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[iin_validator])
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.last_name, self.first_name, self.middle_name) if part
        )

    def __str__(self) -> str:
        return self.full_name


class Student(Person):
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="students",
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="students",
    )
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    funding = models.CharField(_("funding"), max_length=12, choices=Funding.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=StudentStatus.choices, default=StudentStatus.ACTIVE
    )
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    expected_graduation_on = models.DateField(_("expected graduation"), null=True, blank=True)
    # the five-point scale of Kazakh colleges; placement rounds score on it
    grade_average = models.DecimalField(
        _("grade average"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("2.00")), MaxValueValidator(Decimal("5.00"))],
    )
    # the categories a ministry may set placement quotas for (ADR 0013)
    rural = models.BooleanField(_("from a rural district"), default=False, db_default=False)
    disability = models.BooleanField(_("has a disability"), default=False, db_default=False)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="student_name_idx"),
            models.Index(
                fields=["institution", "last_name", "first_name", "id"],
                name="student_institution_name_idx",
            ),
            models.Index(fields=["region", "funding"], name="student_region_funding_idx"),
            models.Index(fields=["funding"], name="student_funding_idx"),
            # the home page's counts by kind of institution and funding, from the index alone
            models.Index(fields=["institution", "funding"], name="student_inst_funding_idx"),
            # prefix search on surnames and IINs (PostgreSQL needs the pattern operator class)
            models.Index(
                fields=["last_name"],
                name="student_surname_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["iin"], name="student_iin_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_of_study__gte=1) & models.Q(year_of_study__lte=6),
                name="student_year_of_study_1_to_6",
                violation_error_message=_("The year of study is from 1 to 6."),
            ),
            models.CheckConstraint(
                condition=models.Q(expected_graduation_on__isnull=True)
                | models.Q(enrolled_on__isnull=True)
                | models.Q(expected_graduation_on__gt=models.F("enrolled_on")),
                name="student_graduation_after_enrolment",
                violation_error_message=_("The expected graduation must come after enrolment."),
            ),
            *bound_constraints("student", {"grade_average": STUDENT_BOUNDS["grade_average"]}),
        ]


class Educator(Person):
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="educators",
    )
    position = models.CharField(_("position"), max_length=120)
    category = models.CharField(
        _("qualification category"),
        max_length=12,
        choices=QualificationCategory.choices,
        default=QualificationCategory.NONE,
    )
    subjects = models.CharField(_("subjects taught"), max_length=255, blank=True)
    specialties = models.ManyToManyField(
        Specialty, verbose_name=_("specialties taught"), blank=True, related_name="educators"
    )
    education = models.CharField(
        _("education"), max_length=12, choices=EducationLevel.choices, blank=True
    )
    years_in_industry = models.PositiveSmallIntegerField(_("years in industry"), default=0)
    languages = models.CharField(
        _("languages of instruction"),
        max_length=20,
        blank=True,
        help_text=_("Comma-separated codes: kk, ru, en."),
        validators=[languages_validator],
    )
    is_foreign_manager = models.BooleanField(_("foreign manager"), default=False)

    class Meta:
        verbose_name = _("educator")
        verbose_name_plural = _("educators")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            # the national list's order, and a college's (paged: the first rows by index)
            models.Index(fields=["last_name", "first_name", "id"], name="educator_name_idx"),
            models.Index(
                fields=["institution", "last_name", "first_name", "id"],
                name="educator_institution_name_idx",
            ),
        ]
        constraints = [*bound_constraints("educator", EDUCATOR_BOUNDS)]

    @property
    def languages_display(self) -> str:
        names = dict(Language.choices)
        return ", ".join(str(names.get(c, c)) for c in self.languages.split(",") if c)
