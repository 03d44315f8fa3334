"""Every problem code the tool can report, with the short Chinese name an officer sees.

The officer guide (content/guide/problems.md) has one entry per code here, explaining what it
means and how to fix it; a test keeps the two in step. A Problem or an IngestError with a code
missing here is a programming error and fails at once.
"""

from __future__ import annotations

# Problems in records and settings (unionsite validate, and every build).
VALIDATION_CODES: dict[str, str] = {
    "yaml-syntax": "YAML 格式错误",
    "yaml-tab": "缩进中有制表符",
    "duplicate-key": "字段重复",
    "encoding": "文件编码不是 UTF-8",
    "unreadable": "文件无法读取",
    "empty-file": "文件是空的",
    "not-a-record": "文件不是一条记录",
    "unknown-key": "未知字段",
    "not-a-value": "应是单个值",
    "wrong-shape": "列表或字段组的写法不对",
    "required": "缺少必填字段",
    "wrong-type": "类型不对",
    "not-in-list": "不在可选范围内",
    "bad-format": "格式不对",
    "out-of-range": "超出范围",
    "invalid-date": "日期或时间不存在",
    "ambiguous-date": "日期写法有歧义",
    "duplicate-id": "编号重复",
    "duplicate-year": "同一年有两份工作要点",
    "id-filename-mismatch": "编号与文件名不一致",
    "unknown-reference": "引用的记录不存在",
    "end-before-start": "结束早于开始",
    "publicity-missing": "公示缺少公示期",
    "publicity-too-short": "公示期太短",
    "too-few-cosigners": "附议人不足",
    "merged-into-self": "提案并入了自己",
    "merged-into-missing": "缺少并入提案",
    "merged-into-unused": "写了并入提案却未作并案处理",
    "attachment-missing": "附件文件不存在",
    "attachment-mismatch": "附件大小或校验值不符",
    "private-data": "公开字段中有个人信息",
    "logo-missing": "标志图片不存在",
    "config": "网站配置无法使用",
}

# Why an ingest stopped before changing anything (unionsite ingest).
INGEST_CODES: dict[str, str] = {
    "ingest-failed": "导入失败",
    "form-definition": "表单定义有误",
    "export-too-large": "导出文件超过上限",
    "export-unreadable": "导出文件无法读取",
    "unknown-encoding": "无法识别文字编码",
    "header-not-found": "找不到表头",
    "questions-missing": "导出文件缺少题目",
    "other-form": "导出文件属于另一个表单",
    "unknown-platform": "未知的平台",
    "missing-option": "缺少命令选项",
    "record-not-found": "找不到要合并的记录",
    "record-unreadable": "要合并的记录无法读取",
    "no-usable-rows": "没有可导入的行",
    "ingest-locked": "另一个导入正在进行",
}

# What happened to each row of an export.
ROW_OUTCOMES: dict[str, str] = {
    "added": "新增",
    "updated": "更新",
    "unchanged": "无变化",
    "superseded": "被后一次提交取代",
    "needs_review": "需人工核对",
    "rejected": "拒收",
    "blank": "空行",
}

ALL_CODES: dict[str, str] = {**VALIDATION_CODES, **INGEST_CODES, **ROW_OUTCOMES}
