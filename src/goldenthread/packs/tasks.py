"""Background work for packs, run by `goldenthread db_worker` (django-tasks-db):
rendering a pack the web application queued."""

from __future__ import annotations

import contextlib

from django_tasks import task

from goldenthread.packs import services
from goldenthread.packs.models import Pack


@task()
def build_pack_files(pack_id: int) -> None:
    pack = Pack.objects.select_related("organisation").filter(pk=pack_id).first()
    if pack is None:  # removed since it was queued
        return
    # a reason for the team (a Word template that cannot be filled) is recorded on the
    # pack; anything else fails the task too, with its traceback for the administrator
    with contextlib.suppress(services.PackError):
        services.pack_render(pack=pack)
