from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.core.exceptions import ValidationError


class NotUsernameValidator:
    """The password must not contain the username (in either direction of case)."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if username and username in password.lower():
            raise ValidationError("密码不得包含用户名。", code="password_contains_username")

    def get_help_text(self):
        return "密码不得包含用户名。"


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    # Django 5.2's message uses "%d" where its zh_Hans catalog has "%(min_length)d", so it comes out in English.
    def get_error_message(self):
        return f"密码长度太短。密码必须包含至少 {self.min_length} 个字符。"
