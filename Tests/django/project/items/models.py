from django.db import models


class Item(models.Model):
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, default="open")
    body = models.TextField(blank=True, default="")
    count = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
