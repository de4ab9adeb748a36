"""The `paizhu` console script: Django's management commands plus `serve`.

paizhu migrate | paizhu demo | paizhu serve [ADDR:PORT] | paizhu audit verify | paizhu keys rotate | ...
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paizhu.settings")
    if len(argv) > 1 and argv[1] == "serve":
        serve(argv[2:])
        return
    if argv[1:2] == ["check"] and "--deploy" in argv and not any(a.startswith("--fail-level") for a in argv):
        argv.append("--fail-level=WARNING")  # a deployment check refuses on warnings too (paizhu.core.checks)
    _prepare_var_dir()
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def _prepare_var_dir() -> None:
    from django.conf import settings

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing


def serve(args: list[str]) -> None:
    """Serve in the foreground: gunicorn in production and demo mode, Django's runserver with PAIZHU_DEBUG=1."""
    import django
    from django.conf import settings

    django.setup()
    _prepare_var_dir()
    address = args[0] if args else "127.0.0.1:8000"
    if settings.DEBUG:
        from django.core.management import call_command

        call_command("runserver", address)
        return
    if not (settings.DEMO_MODE or settings.WHITENOISE_USE_FINDERS):
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", "--config", "python:paizhu.gunicorn_conf", "--bind", address]
    run()


if __name__ == "__main__":
    main()
