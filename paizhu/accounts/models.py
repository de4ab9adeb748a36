from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q

from paizhu.core.errors import PermissionDenied
from paizhu.core.roles import ROLE_SCOPE, Role, Scope


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=40)
    person = models.OneToOneField(
        "org.Person",
        verbose_name="对应干部",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        help_text="用于回避检查：本人为被反映人时自动回避",
    )
    must_change_password = models.BooleanField(
        "须修改密码", default=False, help_text="管理员设置的初始密码或重置的密码，用户登录后须先修改"
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def active_grants(self):
        # The commission behind a group or unit grant is named in every page's top bar.
        return self.role_grants.filter(revoked_at__isnull=True).select_related(
            "commission", "group__commission", "unit__commission"
        )

    # The grant the user acts in. Set per request from the role switcher (ActiveRoleMiddleware);
    # outside a request (commands, tests) it defaults to the user's first active grant.
    _acting_grant: "RoleGrant | None" = None

    @property
    def acting_grant(self) -> "RoleGrant | None":
        if self._acting_grant is None:
            self._acting_grant = self.active_grants().first()
        return self._acting_grant

    @acting_grant.setter
    def acting_grant(self, grant: "RoleGrant | None") -> None:
        self._acting_grant = grant

    def require_grant(self) -> "RoleGrant":
        """The grant the user acts in, for a step that needs one: access has refused a user without one
        before any step is taken, so the refusal here is only the type checker's proof of it."""
        grant = self.acting_grant
        if grant is None:
            raise PermissionDenied()
        return grant

    @property
    def acting_role(self) -> str:
        grant = self.acting_grant
        return grant.role if grant else ""


class RoleGrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class RoleGrant(models.Model):
    """A role held by a user, scoped to the org object the role is about.

    Grants are made by the security administrator (三员分立) and never by the grantee: the
    database refuses a row whose grantor is its grantee.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    commission = models.ForeignKey(
        "org.Commission", verbose_name="纪委监委", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        "org.DispatchGroup", verbose_name="派驻组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="驻在部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="授权人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField("授权时间", auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        ordering = ["user_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(granted_by__isnull=True) | ~Q(granted_by=F("user")),
                name="accounts_grant_not_by_grantee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.label}"

    @property
    def scope(self) -> str:
        return ROLE_SCOPE[self.role]

    @property
    def scope_object(self):
        return {Scope.COMMISSION: self.commission, Scope.GROUP: self.group, Scope.UNIT: self.unit}.get(self.scope)

    @property
    def label(self) -> str:
        target = self.scope_object
        return f"{self.get_role_display()}（{target}）" if target else self.get_role_display()


class ApiToken(models.Model):
    """A bearer token for the API (`Authorization: Bearer pz_...`), made by the security administrator.

    Only the SHA-256 digest of the token is kept: the token is 32 random bytes, so the digest cannot be
    reversed by guessing, and a fast hash lets every request look its token up by index (a slow password
    hash would cost each API call a few hundred milliseconds and buy nothing against 2^256 guesses).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True)
    prefix = models.CharField("令牌前缀", max_length=12, help_text="令牌的前几位，用于辨认，不足以使用")
    note = models.CharField("用途", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(created_by=F("user")), name="accounts_token_not_by_its_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"

    STATES = {"active": "有效", "expired": "已过期", "revoked": "已撤销"}

    def state(self, now) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"
