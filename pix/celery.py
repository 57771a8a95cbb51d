"""The Celery application, configured from Django settings (``CELERY_`` namespace).

With no broker configured, tasks run inline (eagerly) in the web process, so a school's single
server needs nothing more than the site itself.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pix.settings")

app = Celery("pix")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # each installed app's tasks.py
app.autodiscover_tasks(["pix"])  # the project's own (health echo)
