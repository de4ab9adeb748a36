from django.contrib import admin
from django.urls import include, path

from paizhu.accounts import views as account_views
from paizhu.api.api import api

handler403 = "paizhu.core.views.error_403"
handler404 = "paizhu.core.views.error_404"
handler500 = "paizhu.core.views.error_500"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("paizhu.accounts.urls")),
    path("org/", include("paizhu.org.urls")),
    path("audit/", include("paizhu.auditor.urls")),
    path("recusal/", include("paizhu.org.recusal_urls")),
    path("recusal/", include("paizhu.access.urls")),
    path("report/", include("paizhu.intake.public_urls")),
    path("help/", include("paizhu.guide.urls")),
    path("intake/", include("paizhu.intake.urls")),
    path("", include("paizhu.workflow.urls")),
    path("clues/", include("paizhu.clues.urls")),
    path("rectification/", include("paizhu.rectification.urls")),
    path("supervision/", include("paizhu.supervision.urls")),
    path("responsibility/", include("paizhu.responsibility.urls")),
    path("integrity/", include("paizhu.integrity.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
