"""Existing audit entries learn their actor's username and role, as they are today."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    entries = apps.get_model("common", "AuditEntry")
    users = apps.get_model("accounts", "User")
    actor = users.objects.filter(pk=OuterRef("actor_id"))
    entries.objects.filter(actor__isnull=False, actor_username="").update(
        actor_username=Subquery(actor.values("username")[:1]),
        actor_role=Subquery(actor.values("role")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0002_audit_actor_as_written"),
        ("accounts", "0002_counsellor_and_parent_roles"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
