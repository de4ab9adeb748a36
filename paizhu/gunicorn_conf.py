"""gunicorn's configuration for `paizhu serve` (and for `gunicorn -c python:paizhu.gunicorn_conf` run directly).

Listens on 127.0.0.1 only: Nginx in front terminates HTTPS and passes X-Forwarded-Proto (deploy/nginx/paizhu.conf).
"""

import os

wsgi_app = "paizhu.wsgi:application"
bind = [os.environ.get("PAIZHU_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("PAIZHU_WORKERS", "2"))
threads = int(os.environ.get("PAIZHU_THREADS", "4"))
# A request stuck longer than this is killed with its worker; its transaction rolls back (docs/deployment.md).
timeout = 60
graceful_timeout = 30
# Each worker is replaced after this many requests: a slow leak in any library stays bounded.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
# No client address or user agent: /report/ must not leave a reporter's IP or browser in the logs
# (staff addresses are in the audit trail, where they belong).
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)s'
