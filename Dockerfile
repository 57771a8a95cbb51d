# Production image: one image for the web, worker and beat processes.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN DJANGO_DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput \
 && DJANGO_DEBUG=0 SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv
RUN useradd --create-home --uid 10001 pix && chown -R pix /app
USER pix
EXPOSE 8000
CMD ["gunicorn", "pix.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
