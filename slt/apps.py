from django.contrib.admin.apps import AdminConfig


class SltAdminConfig(AdminConfig):
    """django.contrib.admin, with the project's site (slt.admin) as admin.site."""

    default_site = "slt.admin.SltAdminSite"
