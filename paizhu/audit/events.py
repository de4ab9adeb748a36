"""Every audit event code, in one place, so the auditor's filters and the docs stay in step.

Codes are `<object>.<verb>`; reads end in `.viewed` / `.exported` / `.downloaded`.
"""

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
    "grant.created": "授予角色",
    "grant.revoked": "撤销角色",
    # org
    "org.coverage_changed": "调整监督关系",
    "org.staff_dispatched": "登记派驻干部",
    "org.person_saved": "保存干部信息",
    "calendar.override_saved": "调整工作日",
    # recusal and identity
    "recusal.declared": "申报回避关系",
    "recusal.self_declared": "主动回避",
    "recusal.blocked": "回避拦截",
    "recusal.reassigned": "回避后改派",
    "identity.requested": "申请查看举报人身份",
    "identity.approved": "批准查看举报人身份",
    "identity.refused": "拒绝查看举报人身份",
    "identity.revealed": "查看举报人身份",
    # audit and security
    "audit.viewed": "查看审计日志",
    "audit.exported": "导出审计日志",
    "audit.verified": "校验审计链",
    "security.bulk_view_alert": "批量查看告警",
    "security.keys_rotated": "轮换数据密钥",
    "calendar.override_deleted": "删除工作日调整",
    "calendar.year_saved": "确认年度节假日安排",
    "calendar.year_deleted": "撤销年度节假日安排",
    # intake (信访举报)
    "report.submitted": "网上举报提交",
    "report.registered": "登记信访举报",
    "report.viewed": "查看信访举报",
    "report.routed": "确认分办信访举报",
    "report.handler_assigned": "指定信访举报承办人",
    "report.accepted": "受理信访举报",
    "report.closed": "办结信访举报",
    "report.transferred": "信访举报转有关机关",
    "report.forwarded": "信访举报转送上级（不录入）",
    "report.duplicate_linked": "关联重复件",
    "report.feedback_given": "告知举报人",
    "report.objection_recorded": "记录举报人异议",
    "report.deadline_extended": "交办件延期",
    "report.message_sent": "在线回复举报人",
    "report.message_received": "举报人在线留言",
    "report.status_viewed": "举报人查询办理进度",
    "report.attachment_downloaded": "下载举报附件",
    "report.converted": "信访举报转为问题线索",
    "report.listed": "查看信访举报列表",
    "forwarding.recorded": "登记转送记录",
}


def label(code: str) -> str:
    return EVENTS.get(code, code)
