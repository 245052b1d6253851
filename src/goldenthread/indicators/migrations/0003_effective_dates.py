"""Effective-from dates: an indicator's own, and each link between an indicator
and a council gets an effective-from and a retired-on date.

The plain many-to-many link becomes the through model `IndicatorOrganisation`
on the same table (`indicators_indicator_organisations`), so every existing
link is kept: the model is declared in the migration state only, then the two
date columns are added (nullable: plain ALTER TABLE ... ADD COLUMN on SQLite
and PostgreSQL). The links' history table is renamed to the name
django-simple-history gives the through model's history, and gets the same
two columns, so the history of every link so far is kept too."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_cumulative_aggregation"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalindicator",
            name="effective_from",
            field=models.DateField(
                blank=True, help_text="The first day it applies (blank: since always)", null=True
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="effective_from",
            field=models.DateField(
                blank=True, help_text="The first day it applies (blank: since always)", null=True
            ),
        ),
        migrations.AlterField(
            model_name="historicalindicator",
            name="retired_on",
            field=models.DateField(
                blank=True,
                help_text="Set to retire the indicator: the first day it no longer applies",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="retired_on",
            field=models.DateField(
                blank=True,
                help_text="Set to retire the indicator: the first day it no longer applies",
                null=True,
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IndicatorOrganisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="indicators.indicator",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="organisations.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "indicators_indicator_organisations",
                        "unique_together": {("indicator", "organisation")},
                    },
                ),
                migrations.AlterField(
                    model_name="indicator",
                    name="organisations",
                    field=models.ManyToManyField(
                        related_name="indicators",
                        through="indicators.IndicatorOrganisation",
                        to="organisations.organisation",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="indicatororganisation",
            name="effective_from",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="indicatororganisation",
            name="retired_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RenameModel(
            old_name="HistoricalIndicator_organisations",
            new_name="HistoricalIndicatorOrganisation",
        ),
        migrations.AlterModelOptions(
            name="historicalindicatororganisation",
            options={"verbose_name": "HistoricalIndicatorOrganisation"},
        ),
        migrations.SeparateDatabaseAndState(
            # the through model's history copies its links without a tablespace:
            # the same columns, so the state only
            state_operations=[
                migrations.AlterField(
                    model_name="historicalindicatororganisation",
                    name=name,
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=to,
                    ),
                )
                for name, to in (
                    ("indicator", "indicators.indicator"),
                    ("organisation", "organisations.organisation"),
                )
            ],
        ),
        migrations.AddField(
            model_name="historicalindicatororganisation",
            name="effective_from",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="historicalindicatororganisation",
            name="retired_on",
            field=models.DateField(blank=True, null=True),
        ),
    ]
