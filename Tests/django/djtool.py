"""What the Django tests ask of Django (Tests/e2e/django-*.sh), run with the venv's python:

    djtool.py PROJECT migrate
    djtool.py PROJECT create title=... [field=value ...]      prints the new pk
    djtool.py PROJECT get PK                                  the row as JSON (updated_at as Django reads it)
    djtool.py PROJECT save PK field=value ...                 get(), set the fields, save() (auto_now stamps)
    djtool.py PROJECT update PK field=value ...               QuerySet.filter(pk=PK).update(...)
    djtool.py PROJECT increment PK N checked|plain [START]    N read-modify-write increments of `count`:
        checked: the README recipe, filter(pk=, updated_at=loaded).update(...), re-read on 0 rows;
        plain:   get(), count += 1, save().
      Waits until the file START exists (so that two processes begin together), then prints
      {"done": N, "retries": R}. DJANGO_THINK_MS (default 2): the most a request "works" between read
      and write (a random pause), which is where another app server's write slips in.

PROJECT is the generated project directory; the database is RECEDIT_DJANGO_DB (see djsite/settings.py).
"""
import json
import os
import random
import sys
import time


def setup(project):
    sys.path.insert(0, project)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djsite.settings")
    import django

    django.setup()


def assignments(args):
    values = {}
    for arg in args:
        name, sep, value = arg.partition("=")
        if not sep:
            raise SystemExit(f"djtool: expected field=value, got {arg!r}")
        values[name] = int(value) if name == "count" else value
    return values


def as_json(item):
    return {
        "id": item.pk,
        "title": item.title,
        "status": item.status,
        "body": item.body,
        "count": item.count,
        "updated_at": item.updated_at.isoformat(),
    }


def increment(pk, n, mode, start):
    from django.db import transaction
    from django.utils import timezone

    from items.models import Item

    think = float(os.environ.get("DJANGO_THINK_MS", "2")) / 1000
    if start:
        while not os.path.exists(start):
            time.sleep(0.005)
    retries = 0
    for _ in range(n):
        while True:
            item = Item.objects.get(pk=pk)
            loaded = item.updated_at
            time.sleep(random.uniform(0, think))
            if mode == "plain":
                item.count += 1
                item.save()
                break
            # The recipe: write only if nobody wrote since we read; 0 rows = someone wrote first.
            # update() skips auto_now, so the new stamp is set here too (recedit's trigger makes it
            # strictly greater than the one it replaces in any case).
            rows = Item.objects.filter(pk=pk, updated_at=loaded).update(count=item.count + 1, updated_at=timezone.now())
            if rows == 1:
                break
            retries += 1
            if retries > 100 * n:
                raise SystemExit(f"djtool: {retries} retries for {n} increments: the check never matches (stamp {loaded!r})")
    print(json.dumps({"done": n, "retries": retries}))


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    project, command, args = argv[1], argv[2], argv[3:]
    setup(project)
    from django.core.management import call_command

    from items.models import Item

    if command == "migrate":
        call_command("migrate", verbosity=0)
    elif command == "create":
        print(Item.objects.create(**assignments(args)).pk)
    elif command == "get":
        print(json.dumps(as_json(Item.objects.get(pk=int(args[0])))))
    elif command == "save":
        item = Item.objects.get(pk=int(args[0]))
        for name, value in assignments(args[1:]).items():
            setattr(item, name, value)
        item.save()
    elif command == "update":
        rows = Item.objects.filter(pk=int(args[0])).update(**assignments(args[1:]))
        if rows != 1:
            raise SystemExit(f"djtool: update changed {rows} rows")
    elif command == "increment":
        increment(int(args[0]), int(args[1]), args[2], args[3] if len(args) > 3 else None)
    else:
        raise SystemExit(f"djtool: unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv)
