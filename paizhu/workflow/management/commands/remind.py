from django.core.management.base import BaseCommand

from paizhu.workflow import reminders


class Command(BaseCommand):
    help = "为即将到期（3个工作日内）和已逾期的事项生成站内提醒；可由 cron 或 Celery beat 每日运行"

    def handle(self, *args, **options):
        created = reminders.send()
        self.stdout.write(f"已生成提醒 {created} 条。")
