app_name = "intake_public"
urlpatterns = []
