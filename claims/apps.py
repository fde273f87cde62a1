from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Claims ledger"

    def ready(self) -> None:
        from claims import permissions, search, signals  # noqa: F401  (connect receivers)
