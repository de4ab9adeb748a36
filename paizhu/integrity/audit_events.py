"""The audit event codes of the integrity files (registered in IntegrityConfig.ready); opening a file is the
platform's own `integrity.viewed` (查看廉政档案)."""

AUDIT_EVENTS = {
    "integrity.listed": "查看廉政档案列表",
    "integrity.requested": "申请查阅廉政档案",
    "integrity.request_approved": "查阅申请审批同意",
    "integrity.request_refused": "查阅申请审批不同意",
    "integrity.request_viewed": "查看查阅申请",
    "integrity.request_listed": "查看查阅申请列表",
    "integrity.note_saved": "记录个人有关事项报告情况",
    "integrity.document_downloaded": "下载廉政档案",
}
