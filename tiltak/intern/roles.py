"""The editor roles every installation has, created by a data migration.

«SLT-koordinator» keeps the whole directory current: tiltak (including publishing
and archiving), actors, contact channels, innsatsområder, the plan's sections, the
«Er du bekymret?» content and search synonyms — and nothing about users or groups.
Its view of tiltak also opens /intern/ and the previews of drafts and archived
tiltak on the public pages (tiltak.intern.access.may_see_unpublished).
«Redaktør for kontaktkanaler» may only keep contact channels up to date, in the
admin: it reads and changes channels and reads actors (the channel form picks
its actor from them), and sees no tiltak — no drafts, no internal notes, no
/intern/, no export — since it has no tiltak permission at all.
A migration that adds a model to a role calls apply_roles() again; earlier
migrations skip the models that do not exist yet in their state.
"""

COORDINATOR = "SLT-koordinator"
CHANNEL_EDITOR = "Redaktør for kontaktkanaler"

EDIT = ("add", "change", "view")
# Rows an editor must be able to remove: inline links and wrong channels. A tiltak
# is archived, never deleted; an actor in use is protected by the database.
EDIT_AND_DELETE = ("add", "change", "delete", "view")

ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    COORDINATOR: {
        "tiltak.tiltak": (*EDIT, "publish", "archive"),
        "tiltak.tiltakaktor": EDIT_AND_DELETE,
        "tiltak.tiltakkanal": EDIT_AND_DELETE,
        "tiltak.tidligereadresse": EDIT_AND_DELETE,
        "tiltak.innsatsomrade": EDIT,
        "tiltak.handlingsplan": (*EDIT, "publish"),
        "tiltak.planseksjon": EDIT_AND_DELETE,
        # A draft's members are removed when a tiltak ends; adopted plans refuse it.
        "tiltak.plantiltak": EDIT_AND_DELETE,
        "tiltak.oppfolgingstall": EDIT_AND_DELETE,
        "kontakter.kommune": ("change", "view"),
        "kontakter.aktor": EDIT_AND_DELETE,
        "kontakter.kontaktkanal": EDIT_AND_DELETE,
        "kontakter.betjeningstid": EDIT_AND_DELETE,
        "kontakter.betjeningsavvik": EDIT_AND_DELETE,
        # «Er du bekymret?» and the search synonyms.
        "kontakter.nodnummer": EDIT_AND_DELETE,
        "kontakter.kontaktkort": EDIT_AND_DELETE,
        "kontakter.kortkanal": EDIT_AND_DELETE,
        "kontakter.bekymringstema": EDIT_AND_DELETE,
        "kontakter.temakanal": EDIT_AND_DELETE,
        "tiltak.tiltaktema": EDIT_AND_DELETE,
        "tiltak.synonym": EDIT_AND_DELETE,
    },
    # No tiltak permission: tiltak.view_tiltak would open drafts, internal notes
    # and the export (tiltak.intern.access), and the channel form needs none.
    CHANNEL_EDITOR: {
        "kontakter.kontaktkanal": ("change", "view"),
        # When a line is staffed belongs to the channel.
        "kontakter.betjeningstid": EDIT_AND_DELETE,
        "kontakter.betjeningsavvik": EDIT_AND_DELETE,
        # To find the channel's actor in the form's autocomplete.
        "kontakter.aktor": ("view",),
    },
}


def apply_roles(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly the permissions listed above."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # In a migration's app state models_module is None, which makes
        # create_permissions skip the app; stand in for it for the call.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for label, actions in grants.items():
            app_label, model = label.split(".")
            try:
                state = apps.get_model(app_label, model)
            except LookupError:
                continue  # added by a later migration, which applies the roles again
            # Likewise a permission a later migration adds to an existing model.
            known = {f"{action}_{model}" for action in state._meta.default_permissions}
            known.update(codename for codename, _ in state._meta.permissions)
            codenames = [f"{action}_{model}" for action in actions]
            codenames = [codename for codename in codenames if codename in known]
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            missing = set(codenames) - {p.codename for p in found}
            if missing:
                raise LookupError(f"Permissions missing for {label}: {missing}")
            permissions.extend(found)
        group.permissions.set(permissions)
