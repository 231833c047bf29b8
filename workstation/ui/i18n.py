"""Translation: Qt translators, and the tables that turn the core's stable keys into text.

Source strings in the UI code are Chinese (the default language); English comes from
resources/translations/workstation_en.ts. The core emits stable keys (error keys, job
progress keys, audit actions, import statuses) and vocabulary values (执法类别, 密级, roles);
the tables below mark their Chinese text with QT_TRANSLATE_NOOP so lupdate collects them,
and ``tr_key`` translates at display time. Tests assert keys, never this wording.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator, QT_TRANSLATE_NOOP

from workstation.ui.resources import TRANSLATIONS

log = logging.getLogger(__name__)

LANGUAGES = {"zh_CN": "中文（简体）", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"
CATALOG = "workstation"


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


# -- error keys (workstation.errors and the core's specific keys) ------------------------------
ERROR_TITLES = {
    "authentication_failed": QT_TRANSLATE_NOOP("Errors", "登录失败"),
    "account_locked": QT_TRANSLATE_NOOP("Errors", "账号已锁定"),
    "account_disabled": QT_TRANSLATE_NOOP("Errors", "账号已停用"),
    "password_expired": QT_TRANSLATE_NOOP("Errors", "需要修改密码"),
    "access_denied": QT_TRANSLATE_NOOP("Errors", "无权操作"),
    "not_found": QT_TRANSLATE_NOOP("Errors", "未找到"),
    "no_archive": QT_TRANSLATE_NOOP("Errors", "未找到档案库"),
    "integrity_error": QT_TRANSLATE_NOOP("Errors", "完整性问题"),
    "store_error": QT_TRANSLATE_NOOP("Errors", "证据存储错误"),
    "conflict": QT_TRANSLATE_NOOP("Errors", "操作冲突"),
    "case_exists": QT_TRANSLATE_NOOP("Errors", "案号已存在"),
    "case_filed": QT_TRANSLATE_NOOP("Errors", "案卷已归档"),
    "user_exists": QT_TRANSLATE_NOOP("Errors", "用户已存在"),
    "config_error": QT_TRANSLATE_NOOP("Errors", "配置错误"),
    "session_locked": QT_TRANSLATE_NOOP("Errors", "工作站已锁定"),
    "query_syntax": QT_TRANSLATE_NOOP("Errors", "检索式有误"),
    "index_rebuild_needed": QT_TRANSLATE_NOOP("Errors", "检索索引需要重建"),
    "index_busy": QT_TRANSLATE_NOOP("Errors", "检索索引忙"),
    "duplicate_item": QT_TRANSLATE_NOOP("Errors", "重复的文件"),
    "manifest_error": QT_TRANSLATE_NOOP("Errors", "案卷清单错误"),
    "not_ready_to_file": QT_TRANSLATE_NOOP("Errors", "尚不能归档"),
    "archival_code_assigned": QT_TRANSLATE_NOOP("Errors", "档号已编制"),
    "fonds_not_configured": QT_TRANSLATE_NOOP("Errors", "尚未配置全宗号"),
    "unit_code_required": QT_TRANSLATE_NOOP("Errors", "需要机构代码"),
    "request_pending": QT_TRANSLATE_NOOP("Errors", "已有待审批的申请"),
}
DEFAULT_ERROR_TITLE = QT_TRANSLATE_NOOP("Errors", "操作未完成")

# Message templates; the placeholders are the error's data. A template whose data is missing
# falls back to the core's own (Chinese) message.
ERROR_TEXT = {
    "authentication_failed": QT_TRANSLATE_NOOP("Errors", "用户名或密码错误。"),
    "account_locked": QT_TRANSLATE_NOOP("Errors", "密码连续输错次数过多，账号已锁定，请在 {until} 之后重试。"),
    "account_disabled": QT_TRANSLATE_NOOP("Errors", "账号已停用，请联系系统管理员。"),
    "password_expired": QT_TRANSLATE_NOOP("Errors", "密码已过期或须修改，请先设置新密码。"),
    "access_denied": QT_TRANSLATE_NOOP("Errors", "无权执行此操作：{reason}"),
    "not_found": QT_TRANSLATE_NOOP("Errors", "未找到：{what}"),
    "invalid_input": QT_TRANSLATE_NOOP("Errors", "输入有误：{reason}"),
    "weak_password": QT_TRANSLATE_NOOP("Errors", "密码不符合要求：{reason}"),
    "password_reused": QT_TRANSLATE_NOOP("Errors", "新密码不能与原密码相同。"),
    "role_conflict": QT_TRANSLATE_NOOP("Errors", "角色组合不允许：{reason}"),
    "bad_username": QT_TRANSLATE_NOOP("Errors", "用户名只能包含字母、数字、汉字和 . - _ @，最长 64 个字符。"),
    "case_required": QT_TRANSLATE_NOOP("Errors", "导入单个文件或没有清单的文件夹时，须先选定案卷。"),
    "missing_file": QT_TRANSLATE_NOOP("Errors", "文件不存在：{reason}"),
    "not_a_file": QT_TRANSLATE_NOOP("Errors", "不是普通文件：{reason}"),
    "empty_file": QT_TRANSLATE_NOOP("Errors", "空文件，拒绝导入：{reason}"),
    "empty_folder": QT_TRANSLATE_NOOP("Errors", "文件夹中没有文件：{reason}"),
    "manifest_error": QT_TRANSLATE_NOOP("Errors", "案卷清单 {file} 第 {line} 行有误：{reason}"),
    "integrity_error": QT_TRANSLATE_NOOP("Errors", "完整性校验失败：{reason}"),
    "store_error": QT_TRANSLATE_NOOP("Errors", "证据存储出错：{reason}"),
    "duplicate_item": QT_TRANSLATE_NOOP("Errors", "重复的文件：{name}"),
    "conflict": QT_TRANSLATE_NOOP("Errors", "{reason}"),
    "case_exists": QT_TRANSLATE_NOOP("Errors", "{reason}"),
    "case_filed": QT_TRANSLATE_NOOP("Errors", "{reason}"),
    "user_exists": QT_TRANSLATE_NOOP("Errors", "{reason}"),
    "not_ready_to_file": QT_TRANSLATE_NOOP("Errors", "尚不能归档：{reason}"),
    "archival_code_assigned": QT_TRANSLATE_NOOP("Errors", "{reason}"),
    "fonds_not_configured": QT_TRANSLATE_NOOP("Errors", "{reason}"),
    "unit_code_required": QT_TRANSLATE_NOOP("Errors", "{reason}"),
    "request_pending": QT_TRANSLATE_NOOP("Errors", "{reason}"),
    "not_filed": QT_TRANSLATE_NOOP("Errors", "{reason}"),
    "config_error": QT_TRANSLATE_NOOP("Errors", "配置有误：{reason}"),
    "cancelled": QT_TRANSLATE_NOOP("Errors", "操作已取消。"),
    "session_locked": QT_TRANSLATE_NOOP("Errors", "长时间未操作，工作站已锁定，请输入密码解锁。"),
    "query_syntax": QT_TRANSLATE_NOOP("Errors", "检索式有误：{reason}"),
    "index_rebuild_needed": QT_TRANSLATE_NOOP("Errors", "检索索引需要重建，请联系系统管理员：{reason}"),
    "index_busy": QT_TRANSLATE_NOOP("Errors", "检索索引正被其他程序写入，请稍后重试。"),
}
UNEXPECTED_TITLE = QT_TRANSLATE_NOOP("Errors", "意外错误")
UNEXPECTED_TEXT = QT_TRANSLATE_NOOP("Errors", "发生了意外错误，操作没有完成。已写入的数据不受影响；"
                                               "如问题反复出现，请将“详细信息”中的内容提供给系统管理员。")

# -- job progress keys (workstation.jobs.Job.key) -----------------------------------------
JOB_TEXT = {
    "storing": QT_TRANSLATE_NOOP("Keys", "正在存储文件并计算哈希（SHA-256、SM3）"),
    "hashing": QT_TRANSLATE_NOOP("Keys", "正在计算哈希"),
    "encrypting": QT_TRANSLATE_NOOP("Keys", "正在加密存储"),
    "decrypting": QT_TRANSLATE_NOOP("Keys", "正在解密"),
    "indexing": QT_TRANSLATE_NOOP("Keys", "正在建立检索索引"),
    "fixity": QT_TRANSLATE_NOOP("Keys", "正在校验存储文件"),
}

# -- import outcomes (ingest.FileOutcome.status) ---------------------------------------------
IMPORT_STATUS = {
    "imported": QT_TRANSLATE_NOOP("Keys", "已导入"),
    "duplicate": QT_TRANSLATE_NOOP("Keys", "重复，未导入"),
    "unusable": QT_TRANSLATE_NOOP("Keys", "已导入（不可用）"),
}

# -- audit vocabulary ------------------------------------------------------------------------
AUDIT_ACTIONS = {
    "archive.init": QT_TRANSLATE_NOOP("Keys", "初始化档案库"),
    "auth.sign_in": QT_TRANSLATE_NOOP("Keys", "登录"),
    "auth.sign_out": QT_TRANSLATE_NOOP("Keys", "退出登录"),
    "auth.idle_lock": QT_TRANSLATE_NOOP("Keys", "空闲锁定"),
    "auth.unlock": QT_TRANSLATE_NOOP("Keys", "解锁"),
    "user.add": QT_TRANSLATE_NOOP("Keys", "新增用户"),
    "user.list": QT_TRANSLATE_NOOP("Keys", "查看用户列表"),
    "user.set_active": QT_TRANSLATE_NOOP("Keys", "启用/停用账号"),
    "user.set_roles": QT_TRANSLATE_NOOP("Keys", "设置角色"),
    "user.set_clearance": QT_TRANSLATE_NOOP("Keys", "设置人员密级"),
    "user.change_password": QT_TRANSLATE_NOOP("Keys", "修改密码"),
    "case.create": QT_TRANSLATE_NOOP("Keys", "新建案卷"),
    "case.show": QT_TRANSLATE_NOOP("Keys", "查看案卷"),
    "import": QT_TRANSLATE_NOOP("Keys", "导入"),
    "item.import": QT_TRANSLATE_NOOP("Keys", "导入文件"),
    "item.open": QT_TRANSLATE_NOOP("Keys", "打开文件"),
    "item.view": QT_TRANSLATE_NOOP("Keys", "阅览文件"),
    "classify": QT_TRANSLATE_NOOP("Keys", "确定密级"),
    "grant.add": QT_TRANSLATE_NOOP("Keys", "授权"),
    "grant.list": QT_TRANSLATE_NOOP("Keys", "查看授权"),
    "grant.revoke": QT_TRANSLATE_NOOP("Keys", "撤销授权"),
    "rule.add": QT_TRANSLATE_NOOP("Keys", "新增访问规则"),
    "rule.list": QT_TRANSLATE_NOOP("Keys", "查看访问规则"),
    "rule.deactivate": QT_TRANSLATE_NOOP("Keys", "停用访问规则"),
    "request.create": QT_TRANSLATE_NOOP("Keys", "提交调阅申请"),
    "request.approve": QT_TRANSLATE_NOOP("Keys", "批准调阅"),
    "request.refuse": QT_TRANSLATE_NOOP("Keys", "拒绝调阅"),
    "audit.verify": QT_TRANSLATE_NOOP("Keys", "校验审计链"),
    "audit.export": QT_TRANSLATE_NOOP("Keys", "导出审计日志"),
    "fixity.verify": QT_TRANSLATE_NOOP("Keys", "固定性校验"),
    "fixity.problem": QT_TRANSLATE_NOOP("Keys", "固定性校验发现问题"),
    "index.update": QT_TRANSLATE_NOOP("Keys", "更新检索索引"),
    "index.rebuild": QT_TRANSLATE_NOOP("Keys", "重建检索索引"),
    "index.check": QT_TRANSLATE_NOOP("Keys", "检查检索索引"),
    "search": QT_TRANSLATE_NOOP("Keys", "全文检索"),
    "crypto.master_key_created": QT_TRANSLATE_NOOP("Keys", "创建主密钥"),
    "store.encrypt": QT_TRANSLATE_NOOP("Keys", "加密存储原件"),
    "recovery": QT_TRANSLATE_NOOP("Keys", "启动恢复"),
    "case.file": QT_TRANSLATE_NOOP("Keys", "归档（锁定案卷）"),
    "filing.reorder": QT_TRANSLATE_NOOP("Keys", "调整件的顺序"),
    "filing.move_item": QT_TRANSLATE_NOOP("Keys", "移动件到其他卷"),
    "filing.plan_template": QT_TRANSLATE_NOOP("Keys", "预览模板排序"),
    "filing.apply_template": QT_TRANSLATE_NOOP("Keys", "按模板排序"),
    "filing.renumber": QT_TRANSLATE_NOOP("Keys", "编页号"),
    "filing.assign_code": QT_TRANSLATE_NOOP("Keys", "编制档号"),
    "filing.generate": QT_TRANSLATE_NOOP("Keys", "生成卷内目录/备考表"),
    "filing.check": QT_TRANSLATE_NOOP("Keys", "归档检查"),
    "filing.acknowledge": QT_TRANSLATE_NOOP("Keys", "确认按现状归档"),
    "filing.edit_request": QT_TRANSLATE_NOOP("Keys", "申请归档后修改"),
    "filing.edit_approve": QT_TRANSLATE_NOOP("Keys", "批准归档后修改"),
    "filing.edit_refuse": QT_TRANSLATE_NOOP("Keys", "拒绝归档后修改"),
    "filing.edit_close": QT_TRANSLATE_NOOP("Keys", "结束归档后修改"),
    "derivative.open": QT_TRANSLATE_NOOP("Keys", "打开生成的表单"),
    "derivative.list": QT_TRANSLATE_NOOP("Keys", "查看生成的表单"),
    "media.preview": QT_TRANSLATE_NOOP("Keys", "生成音视频预览"),
    "media.derivative": QT_TRANSLATE_NOOP("Keys", "生成音视频派生文件"),
    "clip.create": QT_TRANSLATE_NOOP("Keys", "创建音视频片段"),
    "clip.export": QT_TRANSLATE_NOOP("Keys", "导出音视频片段"),
    "clip.remove": QT_TRANSLATE_NOOP("Keys", "删除音视频片段"),
    "transcript.view": QT_TRANSLATE_NOOP("Keys", "查看转写文本"),
    "transcript.export": QT_TRANSLATE_NOOP("Keys", "导出转写文本"),
    "transcript.save": QT_TRANSLATE_NOOP("Keys", "保存转写文本"),
    "transcript.import": QT_TRANSLATE_NOOP("Keys", "导入转写文本"),
    "production_note.export": QT_TRANSLATE_NOOP("Keys", "导出制作说明"),
}
OUTCOMES = {
    "success": QT_TRANSLATE_NOOP("Keys", "成功"),
    "denied": QT_TRANSLATE_NOOP("Keys", "拒绝"),
    "error": QT_TRANSLATE_NOOP("Keys", "错误"),
}
CHAIN_PROBLEMS = {
    "hash_mismatch": QT_TRANSLATE_NOOP("Keys", "记录内容与其哈希不符"),
    "prev_mismatch": QT_TRANSLATE_NOOP("Keys", "与前一条记录的链接断开"),
    "gap": QT_TRANSLATE_NOOP("Keys", "记录序号不连续（有记录被删除）"),
    "head_mismatch": QT_TRANSLATE_NOOP("Keys", "最新记录被删除或篡改"),
}

# -- access vocabulary -------------------------------------------------------------------------
GRANT_LEVELS = {
    "view": QT_TRANSLATE_NOOP("Keys", "查看"),
    "export": QT_TRANSLATE_NOOP("Keys", "下载/导出"),
    "edit": QT_TRANSLATE_NOOP("Keys", "编辑"),
}
GRANT_STATES = {
    "active": QT_TRANSLATE_NOOP("Keys", "有效"),
    "pending": QT_TRANSLATE_NOOP("Keys", "未生效"),
    "expired": QT_TRANSLATE_NOOP("Keys", "已过期"),
    "revoked": QT_TRANSLATE_NOOP("Keys", "已撤销"),
}
REQUEST_STATES = {
    "pending": QT_TRANSLATE_NOOP("Keys", "待审批"),
    "approved": QT_TRANSLATE_NOOP("Keys", "已批准"),
    "refused": QT_TRANSLATE_NOOP("Keys", "已拒绝"),
}

# -- vocabulary values from workstation.archive.vocab (Chinese data values) -------------------
VOCAB = [
    QT_TRANSLATE_NOOP("Vocab", "处罚"), QT_TRANSLATE_NOOP("Vocab", "许可"), QT_TRANSLATE_NOOP("Vocab", "强制"),
    QT_TRANSLATE_NOOP("Vocab", "检查"), QT_TRANSLATE_NOOP("Vocab", "征收"), QT_TRANSLATE_NOOP("Vocab", "征用"),
    QT_TRANSLATE_NOOP("Vocab", "其他"), QT_TRANSLATE_NOOP("Vocab", "一般"), QT_TRANSLATE_NOOP("Vocab", "简易"),
    QT_TRANSLATE_NOOP("Vocab", "永久"), QT_TRANSLATE_NOOP("Vocab", "定期30年"), QT_TRANSLATE_NOOP("Vocab", "定期10年"),
    QT_TRANSLATE_NOOP("Vocab", "公开"), QT_TRANSLATE_NOOP("Vocab", "内部"), QT_TRANSLATE_NOOP("Vocab", "秘密"),
    QT_TRANSLATE_NOOP("Vocab", "机密"), QT_TRANSLATE_NOOP("Vocab", "绝密"), QT_TRANSLATE_NOOP("Vocab", "正卷"),
    QT_TRANSLATE_NOOP("Vocab", "副卷"), QT_TRANSLATE_NOOP("Vocab", "整理中"), QT_TRANSLATE_NOOP("Vocab", "已归档"),
    QT_TRANSLATE_NOOP("Vocab", "系统管理员"), QT_TRANSLATE_NOOP("Vocab", "安全保密管理员"),
    QT_TRANSLATE_NOOP("Vocab", "安全审计员"), QT_TRANSLATE_NOOP("Vocab", "归档员"),
    QT_TRANSLATE_NOOP("Vocab", "法制审核员"), QT_TRANSLATE_NOOP("Vocab", "评查员"),
    QT_TRANSLATE_NOOP("Vocab", "调阅人"), QT_TRANSLATE_NOOP("Vocab", "负责人"),
]
ITEM_KINDS = {
    "document": QT_TRANSLATE_NOOP("Keys", "文档"),
    "image": QT_TRANSLATE_NOOP("Keys", "图片"),
    "audio": QT_TRANSLATE_NOOP("Keys", "录音"),
    "video": QT_TRANSLATE_NOOP("Keys", "录像"),
    "other": QT_TRANSLATE_NOOP("Keys", "其他"),
}


def tr_key(table: dict[str, str], key: str | None, fallback: str | None = None) -> str:
    """The translated text for a stable key, else ``fallback`` (else the key itself)."""
    if key and key in table:
        context = "Errors" if table is ERROR_TEXT or table is ERROR_TITLES else "Keys"
        return _t(context, table[key])
    return fallback if fallback is not None else (key or "")


def vocab(value: str | None) -> str:
    """A vocabulary value (执法类别, 密级, role…) in the UI language."""
    return _t("Vocab", str(value)) if value else ""


# -- translators -------------------------------------------------------------------------------
def chosen_language() -> str:
    env = os.environ.get("WORKSTATION_LANG", "")
    if env in LANGUAGES:
        return env
    stored = QSettings().value("ui/language", DEFAULT_LANGUAGE)
    return stored if stored in LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    QSettings().setValue("ui/language", lang)


def _lrelease() -> str | None:
    here = Path(sys.executable).with_name("pyside6-lrelease")
    if here.exists():
        return str(here)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compiled_catalog(lang: str, cache_dir: Path | None = None) -> Path | None:
    """The .qm for ``lang``: compiled from the .ts at run time when lrelease is available and the
    .ts is newer than the cached .qm, else the committed .qm next to the .ts."""
    ts = TRANSLATIONS / f"{CATALOG}_{lang}.ts"
    committed = TRANSLATIONS / f"{CATALOG}_{lang}.qm"
    tool = _lrelease()
    if ts.exists() and tool and cache_dir is not None:
        out = cache_dir / f"{CATALOG}_{lang}.qm"
        try:
            if not out.exists() or out.stat().st_mtime < ts.stat().st_mtime:
                cache_dir.mkdir(parents=True, exist_ok=True)
                subprocess.run([tool, "-silent", str(ts), "-qm", str(out)], check=True, capture_output=True,
                               timeout=60)
            return out
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("lrelease failed (%s); using the committed translation", exc)
    return committed if committed.exists() else None


def install_translators(app, lang: str, cache_dir: Path | None = None) -> list[QTranslator]:
    """Install Qt's own translation (standard dialogs, buttons) and ours for ``lang``."""
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_lang = "zh_CN" if lang == "zh_CN" else "en"
    base = QTranslator(app)
    if base.load(f"qtbase_{qt_lang}", qt_dir):
        app.installTranslator(base)
        installed.append(base)
    if lang != DEFAULT_LANGUAGE:
        qm = compiled_catalog(lang, cache_dir)
        ours = QTranslator(app)
        if qm is not None and ours.load(str(qm)):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning("no translation catalog for %s", lang)
    QLocale.setDefault(QLocale("zh_CN" if lang == "zh_CN" else "en_US"))
    return installed
