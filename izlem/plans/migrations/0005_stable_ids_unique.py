# The unique constraints on the stable ids, once 0003 has given every record its own id (kept apart so
# that PostgreSQL does not alter a table it has just updated in the same transaction).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0004_stable_ids_and_edited_fields"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='goal',
            constraint=models.UniqueConstraint(fields=('plan', 'uid'), name='goal_unique_uid'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.UniqueConstraint(fields=('plan', 'uid'), name='indicator_unique_uid'),
        ),
        migrations.AddConstraint(
            model_name='indicatorrow',
            constraint=models.UniqueConstraint(fields=('indicator', 'uid'), name='indicatorrow_unique_uid'),
        ),
        migrations.AddConstraint(
            model_name='measure',
            constraint=models.UniqueConstraint(fields=('plan', 'uid'), name='measure_unique_uid'),
        ),
        migrations.AddConstraint(
            model_name='target',
            constraint=models.UniqueConstraint(fields=('plan', 'uid'), name='target_unique_uid'),
        ),
    ]
