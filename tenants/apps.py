from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Gobiernos"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Routing cache invalidation is infrastructure, not domain logic: it only forgets cached
        # host lookups when a government or domain row changes.
        from tenants import routing

        routing.connect_invalidation()
