from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "goldenthread.audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from goldenthread.audit import context, receivers

        receivers.connect()
        context.label_management_commands()
