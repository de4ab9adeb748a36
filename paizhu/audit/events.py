"""Every audit event code and its Chinese name, so the auditor's filters and the docs stay in step.

The platform's own codes are listed here; each business app registers its codes from its `ready()`
(`events.register({...})`), so a new module plugs its events in without touching this layer. A code that
is not registered is refused by `services.record`.

Codes are `<object>.<verb>`; reads end in `.viewed` / `.exported` / `.downloaded`; a list or search
page read is `<object>.listed` (one entry per page, with its filters and the ids shown); alerts end in
`_alert`.
"""

READ_SUFFIXES = (".viewed", ".exported", ".downloaded")

EVENTS: dict[str, str] = {
    # accounts
    "auth.login": "登录成功",
    "auth.login_failed": "登录失败",
    "auth.logout": "退出登录",
    "auth.locked_out": "账户锁定",
    "auth.otp_enrolled": "绑定双因子认证",
    "auth.otp_failed": "双因子认证失败",
    "auth.role_switched": "切换角色",
    "user.created": "创建用户",
    "user.updated": "修改用户",
    "user.password_changed": "修改密码",
    "user.password_reset": "重置密码",
    "user.deactivated": "停用用户",
    "user.reactivated": "启用用户",
    "user.unlocked": "解除登录锁定",
    "user.otp_reset": "重置身份验证器",
    "auth.otp_verified": "双因子认证通过",
    "grant.created": "授予角色",
    "grant.revoked": "撤销角色",
    "token.created": "创建接口令牌",
    "token.revoked": "撤销接口令牌",
    # org
    "org.coverage_changed": "调整监督关系",
    "org.staff_dispatched": "登记派驻干部",
    "org.staff_ended": "派驻干部离任",
    "org.person_saved": "保存干部信息",
    "person.listed": "查看干部名册",
    "calendar.override_saved": "调整工作日",
    # recusal and identity
    "recusal.declared": "申报回避关系",
    "recusal.self_declared": "主动回避",
    "recusal.blocked": "回避拦截",
    "recusal.reassigned": "回避后改派",
    "jurisdiction.designated": "指定管辖",
    # audit and security
    "audit.viewed": "查看审计日志",
    "audit.exported": "导出审计日志",
    "audit.verified": "校验审计链",
    "security.bulk_view_alert": "批量查看告警",
    "security.denied_alert": "反复越权访问告警",
    "access.denied": "越权访问被拒绝",
    "security.keys_rotated": "轮换数据密钥",
    "integrity.viewed": "查看廉政档案",
    "calendar.override_deleted": "删除工作日调整",
    "calendar.year_saved": "确认年度节假日安排",
    "calendar.year_deleted": "撤销年度节假日安排",
    "reminders.sent": "发送到期提醒",
    "config.saved": "保存业务配置（审批规则、了结理由、分办门槛）",
    "notification.read": "站内提醒标为已读",
    "approval.listed": "查看待我审批列表",
    # files kept with any matter (workflow.attachments)
    "attachment.added": "上传附件材料",
    "attachment.downloaded": "下载附件材料",
}


# Kept in step with EVENTS by `register`: the trail's readers filter on them by reference.
READ_ACTIONS: set[str] = set()
LIST_ACTIONS: set[str] = set()
ALERT_ACTIONS: set[str] = set()


def register(codes: dict[str, str]) -> None:
    for code, text in codes.items():
        if EVENTS.get(code, text) != text:
            raise ValueError(f"audit event {code!r} registered twice with different names")
        EVENTS[code] = text
        if code.endswith(READ_SUFFIXES):
            READ_ACTIONS.add(code)
        elif code.endswith(".listed"):
            LIST_ACTIONS.add(code)
        elif code.endswith("_alert"):
            ALERT_ACTIONS.add(code)


register(dict(EVENTS))


def label(code: str) -> str:
    return EVENTS.get(code, code)
