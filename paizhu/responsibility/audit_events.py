"""Audit codes of the responsibility module (registered in ResponsibilityConfig.ready)."""

AUDIT_EVENTS = {
    "responsibility.list_created": "新建主体责任清单",
    "responsibility.list_copied": "沿用上年度主体责任清单",
    "responsibility.list_edited": "修改主体责任清单",
    "responsibility.list_revised": "修改已提交签字的清单（生成新版本）",
    "responsibility.item_saved": "保存清单事项",
    "responsibility.item_removed": "删除清单事项",
    "responsibility.item_progress": "填报清单事项进度",
    "responsibility.signing_started": "提交签字背书",
    "responsibility.signed": "签字背书",
    "responsibility.list_frozen": "清单签字完成并锁定",
    "responsibility.list_viewed": "查看主体责任清单",
    "responsibility.filing_filed": "报备“三重一大”事项",
    "responsibility.filing_answered": "派驻组回复“三重一大”报备",
    "responsibility.filing_held": "报送会议纪要",
    "responsibility.filing_checked": "派驻组会后督查",
    "responsibility.filing_viewed": "查看“三重一大”报备",
    "responsibility.threshold_changed": "调整大额资金报备标准",
    "responsibility.activity_recorded": "填写履责记实",
    "responsibility.activity_viewed": "查看履责记实",
}
