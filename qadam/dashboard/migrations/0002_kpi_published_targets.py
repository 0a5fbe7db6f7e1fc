"""The published national targets, each with where and when it was published (the brief's
source articles, /work/shared/brief/sources: 000 Akorda, 001 Kazinform, 003 TASS, 004 the
Ministry of Education). The ministry edits them afterwards (audited)."""

from datetime import date

from django.db import migrations

AKORDA = (
    "President Tokayev at the XXI Forum of Interregional Cooperation of Kazakhstan and Russia "
    "(Akorda; Kazinform, 13 November 2025: «Между вузами Казахстана и России заключено 1 453 "
    "договора»)"
)
AKORDA_DATE = date(2025, 11, 13)
MINISTRY = (
    "Ministry of Education of the Republic of Kazakhstan: minister G. Beisembayev at the close of "
    "the «City of Working Professions» festival, 21 February 2025"
)
MINISTRY_URL = "https://www.gov.kz/memleket/entities/edu/press/news/details/938986"
MINISTRY_DATE = date(2025, 2, 21)
TASS = "President Putin after talks with President Tokayev (TASS, Moscow, 12 November 2025)"
TASS_DATE = date(2025, 11, 12)

TARGETS = (
    ("state_funded_seats", 153_000, MINISTRY, MINISTRY_URL, MINISTRY_DATE),
    ("technical_share", 0.70, MINISTRY, MINISTRY_URL, MINISTRY_DATE),
    ("dual_students", 100_000, AKORDA, "", AKORDA_DATE),
    ("dual_enterprises", 18_000, AKORDA, "", AKORDA_DATE),
    ("patron_companies", 4_000, MINISTRY, MINISTRY_URL, MINISTRY_DATE),
    ("patronised_colleges", 600, AKORDA, "", AKORDA_DATE),
    ("colleges_modernised", 270, MINISTRY, MINISTRY_URL, MINISTRY_DATE),
    ("festival_diagnostics", 30_000, MINISTRY, MINISTRY_URL, MINISTRY_DATE),
    ("festival_memoranda", 250, MINISTRY, MINISTRY_URL, MINISTRY_DATE),
    ("students_in_russia", 55_000, TASS, "", TASS_DATE),
    ("university_agreements_kz_ru", 1_453, AKORDA, "", AKORDA_DATE),
    ("npp_construction_workers", 6_000, AKORDA, "", AKORDA_DATE),
    ("npp_mid_level_specialists", 3_000, AKORDA, "", AKORDA_DATE),
)


def create_targets(apps, schema_editor):
    KpiTarget = apps.get_model("dashboard", "KpiTarget")
    for key, value, source, url, day in TARGETS:
        KpiTarget.objects.get_or_create(
            key=key,
            defaults={"value": value, "source": source, "source_url": url, "source_date": day},
        )


def remove_targets(apps, schema_editor):
    KpiTarget = apps.get_model("dashboard", "KpiTarget")
    KpiTarget.objects.filter(key__in=[row[0] for row in TARGETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_kpi_targets_figures_snapshots")]

    operations = [migrations.RunPython(create_targets, remove_targets)]
