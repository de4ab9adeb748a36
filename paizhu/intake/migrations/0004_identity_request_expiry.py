"""An approved request to see the reporter's identity expires (PAIZHU_IDENTITY_REVEAL_DAYS, default 7 days).

Requests approved before the expiry existed get one counted from their approval, so an old approval
stops granting access instead of lasting for ever.
"""

import datetime

from django.conf import settings
from django.db import migrations, models


def expire_old_approvals(apps, schema_editor):
    Request = apps.get_model("intake", "IdentityRevealRequest")
    days = datetime.timedelta(days=getattr(settings, "IDENTITY_REVEAL_DAYS", 7))
    for request in Request.objects.filter(status="approved", expires_at__isnull=True, decided_at__isnull=False):
        request.expires_at = request.decided_at + days
        request.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_one_discipline_vocabulary")]

    operations = [
        migrations.AddField(
            model_name="identityrevealrequest",
            name="expires_at",
            field=models.DateTimeField(
                blank=True,
                help_text="批准时按 PAIZHU_IDENTITY_REVEAL_DAYS 计算；过期后不再可查看，已批准但无有效期的申请不授予查看权",
                null=True,
                verbose_name="有效期至",
            ),
        ),
        migrations.RunPython(expire_old_approvals, migrations.RunPython.noop),
    ]
