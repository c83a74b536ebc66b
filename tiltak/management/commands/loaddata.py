"""Django's loaddata, indexing the loaded tiltak for search once, at the end.

Fixtures and backups are loaded with raw saves, and each saved tiltak and each
of its actor and channel links would otherwise rebuild the tiltak's index row
again (tiltak.search): a 20,000-tiltak backup, a hundred thousand rebuilds.
Then ANALYZE, so the query planner knows the tables' new sizes. The seed, a
restore and a test's fixtures all load through this command.
"""

from django.core.management.commands import loaddata

from tiltak.signals import bulk_write


class Command(loaddata.Command):
    help = loaddata.Command.help + " Builds the loaded tiltak's search index once."

    def handle(self, *fixture_labels, **options) -> None:
        # One transaction: the rows and their search index are loaded together.
        with bulk_write(using=options["database"]):
            super().handle(*fixture_labels, **options)
