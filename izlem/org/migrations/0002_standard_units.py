"""Create the standard units of a provincial education directorate (reversible)."""

from django.db import migrations


def create_units(apps, schema_editor):
    from izlem.org.standard_units import STANDARD_UNITS

    Unit = apps.get_model("org", "Unit")
    for code, name, aliases in STANDARD_UNITS:
        Unit.objects.get_or_create(code=code, defaults={"name": name, "aliases": "\n".join(aliases)})


def delete_units(apps, schema_editor):
    from izlem.org.standard_units import STANDARD_UNITS

    apps.get_model("org", "Unit").objects.filter(code__in=[code for code, _n, _a in STANDARD_UNITS]).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(create_units, delete_units)]
