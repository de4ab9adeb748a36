import re

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from paizhu.core.forms import StyledForm, StyledMixin
from paizhu.core.roles import ROLE_SCOPE, Role, Scope
from paizhu.org.models import Commission, DispatchGroup, Person, Unit

from .models import User


class LoginForm(StyledMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minutes = round(settings.AXES_COOLOFF_TIME * 60)
        self.error_messages = {
            "invalid_login": f"用户名或密码错误。连续失败 {settings.AXES_FAILURE_LIMIT} 次将锁定账户 {minutes} 分钟。",
            "inactive": "该账户已停用，请联系系统管理员。",
        }
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class TokenForm(StyledForm):
    token = forms.CharField(
        label="动态验证码",
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
            }
        ),
        help_text="打开手机上的身份验证器（如 FreeOTP、阿里云/腾讯身份验证器），输入当前显示的 6 位数字。",
        error_messages={"required": "请输入 6 位动态验证码。"},
    )

    def clean_token(self):
        # Authenticator apps show the code as "123 456"; people type it that way.
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not re.fullmatch(r"\d{6}", token):
            raise forms.ValidationError("动态验证码为 6 位数字。")
        return token


class OwnPasswordChangeForm(StyledMixin, PasswordChangeForm):
    """Django's form (old password checked, validators applied) with the house's widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_help()


def password_help() -> str:
    return "；".join(text.rstrip("。") for text in password_validation.password_validators_help_texts()) + "。"


class NewPasswordMixin(forms.Form):
    password1 = forms.CharField(label="初始密码", strip=False, widget=forms.PasswordInput(render_value=False))
    password2 = forms.CharField(label="确认密码", strip=False, widget=forms.PasswordInput(render_value=False))

    def password_user(self) -> User:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "两次输入的密码不一致。")
        elif first:
            try:
                password_validation.validate_password(first, self.password_user())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PersonChoiceMixin(forms.Form):
    """Links an account to a cadre (for recusal), chosen by exact name; a select appears when names repeat."""

    person_name = forms.CharField(
        label="对应干部姓名",
        required=False,
        max_length=40,
        help_text="本人为干部名册中的干部时填写完整姓名，用于回避检查；不是则留空。",
    )
    person = forms.ModelChoiceField(label="同名干部", queryset=Person.objects.none(), required=False)

    def setup_person(self, current: Person | None = None):
        name = (self.data.get(self.add_prefix("person_name")) if self.is_bound else getattr(current, "name", "")) or ""
        # Exact-name match only: the system administrator links accounts without browsing the roster.
        self.person_matches = list(
            Person.objects.filter(name=name.strip(), is_active=True).select_related("unit").order_by("id")
        )
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in self.person_matches])
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.unit or '无单位'}，{p.post or '无职务'}）"
        self.fields["person"].empty_label = "请选择"
        if current is not None and not self.is_bound:
            self.initial.setdefault("person_name", current.name)
            self.initial.setdefault("person", current.pk)

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("person_name") or "").strip()
        chosen = cleaned.get("person")
        if not name:
            cleaned["person"] = None
        elif not self.person_matches:
            self.add_error("person_name", f"干部名册中没有在职干部“{name}”，请核对姓名。")
        elif chosen is None and len(self.person_matches) == 1:
            cleaned["person"] = self.person_matches[0]
        elif chosen is None:
            self.add_error("person", f"名册中有 {len(self.person_matches)} 名干部叫“{name}”，请选择其中一人。")
        return cleaned


class UserCreateForm(PersonChoiceMixin, NewPasswordMixin, StyledForm):
    username = forms.RegexField(
        label="用户名",
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        help_text="登录用，字母、数字和 @ . + - _；创建后不能修改。",
        error_messages={"invalid": "用户名只能包含字母、数字和 @ . + - _。"},
    )
    full_name = forms.CharField(label="姓名", max_length=40)

    field_order = ["username", "full_name", "password1", "password2", "person_name", "person"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_person()
        self.fields["password1"].help_text = password_help() + " 用户首次登录后须自行修改。"

    def password_user(self) -> User:
        return User(username=self.cleaned_data.get("username", ""), full_name=self.cleaned_data.get("full_name", ""))


class UserEditForm(PersonChoiceMixin, StyledForm):
    full_name = forms.CharField(label="姓名", max_length=40)

    field_order = ["full_name", "person_name", "person"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, initial={"full_name": user.full_name}, **kwargs)
        self.setup_person(user.person)


class PasswordResetForm(NewPasswordMixin, StyledForm):
    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "临时密码"
        self.fields["password1"].help_text = password_help() + " 用户登录后须立即修改。"

    def password_user(self) -> User:
        return self.user


class GrantForm(StyledForm):
    """A role and the org object it is scoped to; only the field matching the role's scope is used."""

    SCOPE_FIELDS = {Scope.COMMISSION: "commission", Scope.GROUP: "group", Scope.UNIT: "unit"}

    user = forms.ModelChoiceField(label="用户", queryset=User.objects.none(), empty_label="请选择用户")
    role = forms.ChoiceField(
        label="角色",
        choices=[("", "请选择角色"), *Role.choices],
        help_text="三员分立：系统管理员、安全保密管理员、安全审计员不兼任其他任何角色，也不由持有业务角色的人担任。",
    )
    commission = forms.ModelChoiceField(
        label="纪委监委", queryset=Commission.objects.order_by("id"), required=False, empty_label="请选择"
    )
    group = forms.ModelChoiceField(
        label="派驻纪检监察组",
        queryset=DispatchGroup.objects.filter(is_active=True),
        required=False,
        empty_label="请选择",
    )
    unit = forms.ModelChoiceField(
        label="驻在部门",
        queryset=Unit.objects.filter(is_active=True).order_by("id"),
        required=False,
        empty_label="请选择",
    )
    note = forms.CharField(
        label="授权依据",
        max_length=200,
        required=False,
        help_text="例如任职文件文号、审批单编号。",
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name or u.username}（{u.username}）"
        hints = {
            "commission": "委机关角色（委领导、派驻机构管理部门、信访室、案件监督管理室、案件审理室）填写",
            "group": "组长、组员填写",
            "unit": "党组书记、联络员填写",
        }
        for name, hint in hints.items():
            self.fields[name].help_text = hint
            self.fields[name].widget.attrs["data-scope"] = name
        self.fields["role"].widget.attrs["data-scope-map"] = ",".join(
            f"{role}:{self.SCOPE_FIELDS.get(scope, '')}" for role, scope in ROLE_SCOPE.items()
        )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if not role:
            return cleaned
        wanted = self.SCOPE_FIELDS.get(ROLE_SCOPE[role])
        for name in self.SCOPE_FIELDS.values():
            if name != wanted:
                cleaned[name] = None
        if wanted and not cleaned.get(wanted):
            self.add_error(wanted, f"角色“{Role(role).label}”须选择{self.fields[wanted].label}。")
        cleaned["scope_object"] = cleaned.get(wanted) if wanted else None
        return cleaned


class RevokeForm(StyledForm):
    reason = forms.CharField(
        label="撤销原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：调离岗位、任职期满、违反保密规定。记入审计日志。",
        error_messages={"required": "请填写撤销原因。"},
    )
