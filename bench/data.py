"""Signatures made with PostgreSQL COPY (not the ORM, which would take hours at 10M rows).

`python -m bench.data --signatures 10000000 --database petitions_bench_10m` fills a database
with that many verified signatures of the benchmark petition and consistent CountryCount
counters. It does nothing if the database already holds exactly that; otherwise it rebuilds it.
Rows and counters are written in one transaction, so an interrupted run leaves no half data.
"""

import argparse
import datetime as dt
import random
import time

import psycopg

from . import common

# 80 countries, most signatures from the first few: weight 1/rank^1.1, as campaigns see.
COUNTRIES = [
    "FR",
    "DE",
    "US",
    "TR",
    "AM",
    "GB",
    "IT",
    "ES",
    "NL",
    "BE",
    "PL",
    "SE",
    "CA",
    "AU",
    "CH",
    "AT",
    "DK",
    "NO",
    "FI",
    "IE",
    "PT",
    "GR",
    "CZ",
    "HU",
    "RO",
    "BG",
    "HR",
    "SI",
    "SK",
    "LT",
    "LV",
    "EE",
    "UA",
    "GE",
    "AZ",
    "RU",
    "IL",
    "LB",
    "SY",
    "IQ",
    "IR",
    "EG",
    "MA",
    "DZ",
    "TN",
    "NG",
    "ZA",
    "KE",
    "ET",
    "BR",
    "AR",
    "CL",
    "MX",
    "CO",
    "PE",
    "VE",
    "UY",
    "JP",
    "KR",
    "CN",
    "IN",
    "PK",
    "BD",
    "ID",
    "MY",
    "PH",
    "TH",
    "VN",
    "NZ",
    "SG",
    "AE",
    "SA",
    "QA",
    "KW",
    "JO",
    "CY",
    "MT",
    "LU",
    "IS",
    "RS",
]
WEIGHTS = [1 / rank**1.1 for rank in range(1, len(COUNTRIES) + 1)]
DAYS = 60
CHUNK = 50_000
COLUMNS = (
    "petition_id, name, email, email_normalized, country, city, consent_to_updates, "
    "created_at, verified_at, verification_email_requested_at, verification_email_sent_at, "
    "ip_hash, user_agent"
)


def copy_signatures(
    cursor,
    *,
    petition_id,
    count,
    prefix,
    country=None,
    verified=True,
    email_owed=False,
    seed=0,
):
    """COPY `count` signatures with unique emails `<prefix>-<n>@bench.invalid`.

    Countries follow WEIGHTS unless one is given. Verified ones are signed over the last DAYS
    days and verified minutes later; unverified ones were signed an hour ago and, with
    email_owed, are owed their verification email (requested, never sent). Every signer
    consented to updates, so that the signer export writes every verified row.
    """
    rng = random.Random(seed)
    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(days=DAYS)
    # Timestamps as text, one per minute, formatted once: strftime per row would dominate.
    minutes = [
        (start + dt.timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M") for m in range(DAYS * 1440)
    ]
    an_hour_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    requested = an_hour_ago if email_owed else r"\N"
    with cursor.copy(f"COPY petitions_signature ({COLUMNS}) FROM STDIN") as copy:
        for offset in range(0, count, CHUNK):
            size = min(CHUNK, count - offset)
            codes = [country] * size if country else rng.choices(COUNTRIES, WEIGHTS, k=size)
            lines = []
            for i, code in enumerate(codes, start=offset):
                if verified:
                    minute = rng.randrange(len(minutes) - 10)
                    second = rng.randrange(60)
                    created = f"{minutes[minute]}:{second:02d}+00"
                    verified_at = f"{minutes[minute + rng.randrange(1, 10)]}:{second:02d}+00"
                else:
                    created, verified_at = f"{an_hour_ago}+00", r"\N"
                email = f"{prefix}-{i}@bench.invalid"
                lines.append(
                    f"{petition_id}\tSigner {i}\t{email}\t{email}\t{code}\tCity\tt\t"
                    f"{created}\t{verified_at}\t{requested}\t\\N\t\t\n"
                )
            copy.write("".join(lines))


def fill_counters(cursor, *, petition_id, shards=16):
    """Set the petition's counters to its verified signatures, spread over the shards as
    verifications spread them (each country's count split evenly)."""
    cursor.execute("DELETE FROM petitions_countrycount WHERE petition_id = %s", [petition_id])
    cursor.execute(
        """
        INSERT INTO petitions_countrycount (petition_id, country, shard, count, updated_at)
        SELECT petition_id, country, shard,
               n / %(shards)s + CASE WHEN shard < n %% %(shards)s THEN 1 ELSE 0 END, last
        FROM (
            SELECT petition_id, country, count(*) AS n, max(verified_at) AS last
            FROM petitions_signature
            WHERE petition_id = %(petition)s AND verified_at IS NOT NULL
              AND invalidated_at IS NULL
            GROUP BY petition_id, country
        ) AS counted, generate_series(0, %(shards)s - 1) AS shard
        """,
        {"petition": petition_id, "shards": shards},
    )


def vacuum_analyze(database):
    """Fresh statistics and visibility map, as a long-lived database has them."""
    with common.connect(database, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE petitions_signature")
        conn.execute("VACUUM ANALYZE petitions_countrycount")


def holds(database, signatures):
    """Whether the database holds exactly `signatures` verified ones, counted exactly."""
    if not common.database_exists(database):
        return False
    with common.connect(database) as conn:
        try:
            rows, counted = conn.execute(
                """
                SELECT (SELECT count(*) FROM petitions_signature s
                        JOIN petitions_petition p ON p.id = s.petition_id
                        WHERE p.slug = %(slug)s AND s.verified_at IS NOT NULL),
                       (SELECT coalesce(sum(c.count), 0) FROM petitions_countrycount c
                        JOIN petitions_petition p ON p.id = c.petition_id
                        WHERE p.slug = %(slug)s)
                """,
                {"slug": "bench"},
            ).fetchone()
        except psycopg.Error:  # not migrated, or another schema: rebuild
            return False
    return rows == counted == signatures


def ensure(database, signatures):
    """Make the database hold `signatures` verified signatures, unless it already does."""
    if holds(database, signatures):
        # Built by an earlier version: brought to the current schema, as a deployment would be.
        common.run_django(database, "manage.py", "migrate", "--noinput")
        print(f"{database}: already holds {signatures:,} verified signatures, kept")
        return
    began = time.monotonic()
    petition_id = common.create_database(database, fresh=True)
    with common.connect(database) as conn, conn.cursor() as cursor:
        copy_signatures(cursor, petition_id=petition_id, count=signatures, prefix="v", seed=1)
        fill_counters(cursor, petition_id=petition_id)
    vacuum_analyze(database)
    print(f"{database}: {signatures:,} verified signatures in {time.monotonic() - began:.0f} s")


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.data", description=__doc__)
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--database", help="default: petitions_bench_<size>, e.g. _1m")
    args = parser.parse_args()
    ensure(args.database or database_for(args.signatures), args.signatures)


def database_for(signatures):
    """petitions_bench_1m, petitions_bench_10m, petitions_bench_250k..."""
    if signatures % 1_000_000 == 0:
        return f"petitions_bench_{signatures // 1_000_000}m"
    return f"petitions_bench_{signatures // 1000}k"


if __name__ == "__main__":
    main()
