"""Django's loaddata, indexing the loaded tiltak for search once, at the end.

Fixtures and backups are loaded with raw saves, and each saved tiltak and each
of its actor and channel links would otherwise rebuild the tiltak's index row
again (tiltak.search): a 20,000-tiltak backup, a hundred thousand rebuilds.
Then ANALYZE, so the query planner knows the tables' new sizes. The seed, a
restore and a test's fixtures all load through this command.

With --new every row is inserted without first trying to update a row with its
key (Django's default, one more query per row): for rows into empty tables.
"""

from django.core.management.commands import loaddata

from tiltak.signals import bulk_write


class Command(loaddata.Command):
    help = loaddata.Command.help + " Builds the loaded tiltak's search index once."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--new",
            action="store_true",
            help="Every row is new: insert it without looking for one to update.",
        )

    def handle(self, *fixture_labels, **options) -> None:
        self.insert_only = options["new"]
        # One transaction: the rows and their search index are loaded together.
        with bulk_write(using=options["database"]):
            super().handle(*fixture_labels, **options)

    def save_obj(self, obj) -> bool:
        if self.insert_only:
            save = obj.save
            obj.save = lambda **kwargs: save(force_insert=True, **kwargs)
        return super().save_obj(obj)
