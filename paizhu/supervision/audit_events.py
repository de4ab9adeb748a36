"""The audit event codes of the supervision log (registered in SupervisionConfig.ready)."""

AUDIT_EVENTS = {
    "supervision.recorded": "登记日常监督记录",
    "supervision.edited": "修改日常监督记录",
    "supervision.viewed": "查看日常监督记录",
    "supervision.listed": "查看日常监督记录列表",
    "supervision.summary_viewed": "查看日常监督工作统计",
    "supervision.exported": "导出日常监督记录",
    "finding.viewed": "查看问题发现",
    "finding.listed": "查看问题发现列表",
    "finding.disposed_as_clue": "问题发现登记为问题线索",
    "finding.disposed_as_talk": "问题发现作提醒谈话或谈话警示",
    "finding.disposed_as_rectification": "问题发现提出整改要求",
    "finding.dropped": "问题发现不予处理",
}
