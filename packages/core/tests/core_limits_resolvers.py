"""Root fields that spend time in SQL, merged through ``query_extensions`` by the limit tests.

``sleep`` runs one slow statement (``pg_sleep`` on PostgreSQL; a long recursive count on
SQLite); ``steps`` runs quick statements with pauses between them, to show that no statement
starts after the deadline.
"""

import time

import graphene
from django.db import connection

# Rows a recursive CTE counts on SQLite: far more than any timeout in the tests lets it finish.
SQLITE_ROWS = 2_000_000_000


class SlowQuery(graphene.ObjectType):
    sleep = graphene.Int(seconds=graphene.Float(required=True))
    steps = graphene.Int(count=graphene.Int(required=True), pause=graphene.Float(required=True))

    def resolve_sleep(root, info, seconds):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT 1 FROM pg_sleep(%s)", [seconds])
            else:
                cursor.execute(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    "WHERE i < %s) SELECT count(*) FROM n",
                    [SQLITE_ROWS],
                )
            return cursor.fetchone()[0]

    def resolve_steps(root, info, count, pause):
        done = 0
        for _ in range(count):
            time.sleep(pause)
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            done += 1
        return done
