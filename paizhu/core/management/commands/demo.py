from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from paizhu.core import demo


class Command(BaseCommand):
    help = "载入演示城市（江临市）：组织机构、干部、演示账号；重复运行不会重复载入。"

    def handle(self, *args, **options):
        # The demo logins share a published password: never in a production database.
        if not settings.DEMO_MODE:
            raise CommandError("演示数据只能在演示模式下载入：请设置 PAIZHU_DEMO=1。")
        report = demo.run()
        self.stdout.write(demo.format_report(report))
