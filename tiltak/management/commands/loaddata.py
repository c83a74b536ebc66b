"""Django's loaddata, indexing the loaded tiltak for search once, at the end.

Fixtures and backups are loaded with raw saves, and each saved tiltak and each
of its actor and channel links would otherwise rebuild the tiltak's index row
again (tiltak.search): a 20,000-tiltak backup, a hundred thousand rebuilds.
Then ANALYZE, so the query planner knows the tables' new sizes. The seed, a
restore and a test's fixtures all load through this command.
"""

from django.core.management.commands import loaddata
from django.db import transaction

from slt.database import update_statistics
from tiltak import search


class Command(loaddata.Command):
    help = loaddata.Command.help + " Builds the loaded tiltak's search index once."

    def handle(self, *fixture_labels, **options) -> None:
        # One transaction: the rows and their index are loaded together or not.
        with transaction.atomic(using=options["database"]), search.deferred():
            super().handle(*fixture_labels, **options)
        update_statistics()
