"""Settings of the Django test project: the database comes from RECEDIT_DJANGO_DB, the same URL recedit gets.

    sqlite:PATH                                  django.db.backends.sqlite3
    postgres://user[:pass]@host:port/db          django.db.backends.postgresql (psycopg 3)
    postgresql://...
    mysql://user[:pass]@host:port/db             django.db.backends.mysql (PyMySQL)
    mariadb://...
"""
import os
from urllib.parse import unquote, urlsplit

SECRET_KEY = "recedit-tests-only"
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
INSTALLED_APPS = ["items"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def database(url):
    if url.startswith("sqlite:"):
        # A second writer may hold SQLite's lock for a moment: wait for it rather than fail.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": url[len("sqlite:"):], "OPTIONS": {"timeout": 30}}
    parts = urlsplit(url)
    engines = {
        "postgres": "django.db.backends.postgresql",
        "postgresql": "django.db.backends.postgresql",
        "mysql": "django.db.backends.mysql",
        "mariadb": "django.db.backends.mysql",
    }
    if parts.scheme not in engines:
        raise SystemExit(f"RECEDIT_DJANGO_DB: unsupported URL scheme '{parts.scheme}'")
    db = {
        "ENGINE": engines[parts.scheme],
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }
    if engines[parts.scheme].endswith("mysql"):
        import pymysql

        pymysql.install_as_MySQLdb()
        db["OPTIONS"] = {"charset": "utf8mb4"}
    return db


DATABASES = {"default": database(os.environ["RECEDIT_DJANGO_DB"])}
