from django.core.exceptions import ValidationError


class NotUsernameValidator:
    """The password must not contain the username (in either direction of case)."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if username and username in password.lower():
            raise ValidationError("密码不得包含用户名。", code="password_contains_username")

    def get_help_text(self):
        return "密码不得包含用户名。"
