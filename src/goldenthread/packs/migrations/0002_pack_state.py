# Packs built in the background: their state, and why one could not be built.

from django.db import migrations, models

STATES = [
    ("queued", "Waiting to be built"),
    ("building", "Building"),
    ("built", "Built"),
    ("failed", "Could not be built"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("packs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pack",
            name="failure",
            field=models.TextField(blank=True, help_text="Why it could not be built"),
        ),
        migrations.AddField(
            model_name="pack",
            name="finished_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When its files were written, or its build failed",
                null=True,
            ),
        ),
        # every pack recorded before this was built with its files
        migrations.AddField(
            model_name="pack",
            name="state",
            field=models.CharField(choices=STATES, default="built", max_length=10),
        ),
        migrations.AlterField(
            model_name="pack",
            name="state",
            field=models.CharField(choices=STATES, default="queued", max_length=10),
        ),
        migrations.AlterField(
            model_name="pack",
            name="built_at",
            field=models.DateTimeField(help_text="When its figures were taken (the snapshot)"),
        ),
        migrations.AlterField(
            model_name="pack",
            name="formats",
            field=models.JSONField(default=list, help_text="The formats asked for: html, pdf, ..."),
        ),
    ]
