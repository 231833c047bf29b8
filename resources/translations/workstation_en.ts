<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
    <context>
        <name>AccessPage</name>
        <message>
            <location filename="../../workstation/ui/admin/access.py" line="+149" />
            <source>密级与授权</source>
            <translation>Classification and access</translation>
        </message>
        <message>
            <location line="+0" />
            <source>知悉范围授权、按角色的访问规则、人员密级与案卷定密。每项操作均写入审计日志。</source>
            <translation>Need-to-know grants, role-based access rules, personnel clearances and case classification. Every action is written to the audit log.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>知悉范围授权</source>
            <translation>Need-to-know grants</translation>
        </message>
        <message>
            <location line="+1" />
            <source>访问规则</source>
            <translation>Access rules</translation>
        </message>
        <message>
            <location line="+1" />
            <source>人员密级与定密</source>
            <translation>Clearances and classification</translation>
        </message>
        <message>
            <location line="+11" />
            <source>按案号筛选（回车）</source>
            <translation>Filter by case no. (Enter)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>显示已撤销/已过期</source>
            <translation>Show revoked/expired</translation>
        </message>
        <message>
            <location line="+2" />
            <source>新增授权…</source>
            <translation>New grant…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>撤销授权</source>
            <translation>Revoke grant</translation>
        </message>
        <message>
            <location line="+8" />
            <location line="+70" />
            <source>编号</source>
            <translation>ID</translation>
        </message>
        <message>
            <location line="-70" />
            <location line="+127" />
            <source>案号</source>
            <translation>Case no.</translation>
        </message>
        <message>
            <location line="-127" />
            <source>件</source>
            <translation>Item</translation>
        </message>
        <message>
            <location line="+0" />
            <source>授权对象</source>
            <translation>Grantee</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+70" />
            <source>级别</source>
            <translation>Level</translation>
        </message>
        <message>
            <location line="-70" />
            <source>生效</source>
            <translation>From</translation>
        </message>
        <message>
            <location line="+0" />
            <source>截止</source>
            <translation>Until</translation>
        </message>
        <message>
            <location line="+0" />
            <location line="+70" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="-69" />
            <source>事由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location line="+29" />
            <source>部门：{d}</source>
            <translation>Department: {d}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>长期</source>
            <translation>Open-ended</translation>
        </message>
        <message>
            <location line="+26" />
            <source>新增规则…</source>
            <translation>New rule…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>停用规则</source>
            <translation>Deactivate rule</translation>
        </message>
        <message>
            <location line="+2" />
            <source>规则按角色、部门和承办机构授予一类人员查看一类案卷，且不超过规则的最高密级与本人密级。</source>
            <translation>A rule lets a group of people (role, department) see a group of cases (handling unit), never above the rule's highest level or their own clearance.</translation>
        </message>
        <message>
            <location line="+7" />
            <source>角色</source>
            <translation>Role</translation>
        </message>
        <message>
            <location line="+0" />
            <source>人员部门</source>
            <translation>User's department</translation>
        </message>
        <message>
            <location line="+0" />
            <source>案卷承办机构</source>
            <translation>Case handling unit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>最高密级</source>
            <translation>Highest level</translation>
        </message>
        <message>
            <location line="+0" />
            <source>依据/事由</source>
            <translation>Basis/reason</translation>
        </message>
        <message>
            <location line="+18" />
            <source>（全部）</source>
            <translation>(all)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>有效</source>
            <translation>Active</translation>
        </message>
        <message>
            <location line="+0" />
            <source>已停用</source>
            <translation>Deactivated</translation>
        </message>
        <message>
            <location line="+12" />
            <source>设定人员密级</source>
            <translation>Set a person's clearance</translation>
        </message>
        <message>
            <location line="+4" />
            <source>留空则不改部门</source>
            <translation>Leave empty to keep the department</translation>
        </message>
        <message>
            <location line="+1" />
            <source>设定</source>
            <translation>Set</translation>
        </message>
        <message>
            <location line="+3" />
            <source>用户名</source>
            <translation>User name</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+16" />
            <source>密级</source>
            <translation>Classification</translation>
        </message>
        <message>
            <location line="-15" />
            <source>部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <location line="+2" />
            <source>案卷或文件定密</source>
            <translation>Classify a case or item</translation>
        </message>
        <message>
            <location line="+3" />
            <source>留空表示整个案卷</source>
            <translation>Empty means the whole case</translation>
        </message>
        <message>
            <location line="+3" />
            <source>如：10年，或解密条件</source>
            <translation>e.g. 10 years, or a declassification condition</translation>
        </message>
        <message>
            <location line="+2" />
            <source>确定密级</source>
            <translation>Classify</translation>
        </message>
        <message>
            <location line="+4" />
            <source>件（ID）</source>
            <translation>Item (ID)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>保密期限</source>
            <translation>Secrecy term</translation>
        </message>
        <message>
            <location line="+1" />
            <source>定密依据 *</source>
            <translation>Basis *</translation>
        </message>
        <message>
            <location line="+22" />
            <source>请填写用户名。</source>
            <translation>Please enter a user name.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>已将 {user} 的密级设为 {level}。</source>
            <translation>Clearance of {user} set to {level}.</translation>
        </message>
        <message>
            <location line="+7" />
            <source>请填写案号（件的 ID 应为数字）。</source>
            <translation>Please enter a case no. (the item ID must be a number).</translation>
        </message>
        <message>
            <location line="+3" />
            <source>{case_no} / 件 {item}</source>
            <translation>{case_no} / item {item}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已确定 {target} 的密级为 {level}。</source>
            <translation>{target} classified as {level}.</translation>
        </message>
    </context>
    <context>
        <name>AccessPanel</name>
        <message>
            <location filename="../../workstation/ui/case/access_panel.py" line="+14" />
            <source>知悉范围（有效授权）</source>
            <translation>Need-to-know (active grants)</translation>
        </message>
        <message>
            <location line="+4" />
            <source>对象</source>
            <translation>Target</translation>
        </message>
        <message>
            <location line="+0" />
            <source>级别</source>
            <translation>Level</translation>
        </message>
        <message>
            <location line="+0" />
            <source>截止</source>
            <translation>Until</translation>
        </message>
        <message>
            <location line="+0" />
            <source>事由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location line="+18" />
            <source>部门：{d}</source>
            <translation>Department: {d}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>长期</source>
            <translation>Open-ended</translation>
        </message>
    </context>
    <context>
        <name>AddGrantDialog</name>
        <message>
            <location filename="../../workstation/ui/admin/access.py" line="-285" />
            <source>新增授权（知悉范围）</source>
            <translation>New grant (need-to-know)</translation>
        </message>
        <message>
            <location line="+0" />
            <source>授权</source>
            <translation>Grant</translation>
        </message>
        <message>
            <location line="+5" />
            <source>留空表示整个案卷</source>
            <translation>Empty means the whole case</translation>
        </message>
        <message>
            <location line="+4" />
            <source>或授予整个部门</source>
            <translation>or grant a whole department</translation>
        </message>
        <message>
            <location line="+2" />
            <source>设定截止日期</source>
            <translation>Set an end date</translation>
        </message>
        <message>
            <location line="+5" />
            <source>案号 *</source>
            <translation>Case no. *</translation>
        </message>
        <message>
            <location line="+1" />
            <source>件（ID）</source>
            <translation>Item (ID)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>用户</source>
            <translation>User</translation>
        </message>
        <message>
            <location line="+1" />
            <source>部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <location line="+1" />
            <source>授权级别</source>
            <translation>Grant level</translation>
        </message>
        <message>
            <location line="+4" />
            <source>期限</source>
            <translation>Term</translation>
        </message>
        <message>
            <location line="+1" />
            <source>事由 *</source>
            <translation>Reason *</translation>
        </message>
        <message>
            <location line="+8" />
            <source>请填写案号。</source>
            <translation>Please enter a case no.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>件的 ID 应为数字。</source>
            <translation>The item ID must be a number.</translation>
        </message>
    </context>
    <context>
        <name>AddRuleDialog</name>
        <message>
            <location line="+12" />
            <source>新增访问规则</source>
            <translation>New access rule</translation>
        </message>
        <message>
            <location line="+0" />
            <source>添加</source>
            <translation>Add</translation>
        </message>
        <message>
            <location line="+7" />
            <source>留空表示所有部门</source>
            <translation>Empty means all departments</translation>
        </message>
        <message>
            <location line="+2" />
            <source>留空表示所有承办机构的案卷</source>
            <translation>Empty means cases of every handling unit</translation>
        </message>
        <message>
            <location line="+5" />
            <source>角色</source>
            <translation>Role</translation>
        </message>
        <message>
            <location line="+1" />
            <source>人员部门</source>
            <translation>User's department</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷承办机构</source>
            <translation>Case handling unit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>最高密级</source>
            <translation>Highest level</translation>
        </message>
        <message>
            <location line="+1" />
            <source>授权级别</source>
            <translation>Grant level</translation>
        </message>
        <message>
            <location line="+1" />
            <source>依据/事由</source>
            <translation>Basis/reason</translation>
        </message>
    </context>
    <context>
        <name>AddUserDialog</name>
        <message>
            <location filename="../../workstation/ui/admin/users.py" line="+46" />
            <source>新增用户</source>
            <translation>New user</translation>
        </message>
        <message>
            <location line="+0" />
            <source>创建</source>
            <translation>Create</translation>
        </message>
        <message>
            <location line="+15" />
            <source>用户名 *</source>
            <translation>User name *</translation>
        </message>
        <message>
            <location line="+1" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location line="+1" />
            <source>部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <location line="+1" />
            <source>人员密级</source>
            <translation>Clearance</translation>
        </message>
        <message>
            <location line="+1" />
            <source>初始密码 *</source>
            <translation>Initial password *</translation>
        </message>
        <message>
            <location line="+1" />
            <source>再次输入</source>
            <translation>Repeat</translation>
        </message>
        <message>
            <location line="+1" />
            <source>角色（三员分立：管理员不得兼任业务角色）</source>
            <translation>Roles (separation of duties: administrators hold no business role)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>内部以上的人员密级由安全保密管理员设定。</source>
            <translation>Clearances above Internal are set by the security officer.</translation>
        </message>
        <message>
            <location line="+10" />
            <source>请填写用户名和初始密码。</source>
            <translation>Please enter a user name and an initial password.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>两次输入的密码不一致。</source>
            <translation>The two passwords differ.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>请至少选择一个角色。</source>
            <translation>Please choose at least one role.</translation>
        </message>
    </context>
    <context>
        <name>AgreedDialog</name>
        <message>
            <location filename="../../workstation/ui/evaluation/reconcile.py" line="+53" />
            <source>合议改定 {code}</source>
            <translation>Agreed deduction {code}</translation>
        </message>
        <message>
            <location line="+16" />
            <source>扣分</source>
            <translation>Points</translation>
        </message>
        <message>
            <location line="+3" />
            <source>处数</source>
            <translation>Occurrences</translation>
        </message>
        <message>
            <location line="+8" />
            <source>依据位置</source>
            <translation>Evidence</translation>
        </message>
        <message>
            <location line="+2" />
            <source>合议认定的理由（必填）</source>
            <translation>Reasons agreed in discussion (required)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>理由</source>
            <translation>Reasons</translation>
        </message>
    </context>
    <context>
        <name>App</name>
        <message>
            <location filename="../../workstation/ui/app.py" line="+59" />
            <source>案卷归档与审查工作站</source>
            <translation>Case-File Archive Workstation</translation>
        </message>
    </context>
    <context>
        <name>AssignDialog</name>
        <message>
            <location filename="../../workstation/ui/evaluation/page.py" line="+169" />
            <source>分配评查员</source>
            <translation>Assign evaluators</translation>
        </message>
        <message>
            <location line="+0" />
            <source>分配</source>
            <translation>Assign</translation>
        </message>
        <message>
            <location line="+3" />
            <source>给计划“{name}”中尚未分配的案卷分配评查员（{mode}）。本人承办、无权查阅的案卷不会分给该评查员。</source>
            <translation>Assign evaluators to the unassigned cases of plan “{name}” ({mode}). Cases that an evaluator handled or may not view are not assigned to that evaluator.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>每件两人</source>
            <translation>Two per case</translation>
        </message>
        <message>
            <location line="+0" />
            <source>每件一人</source>
            <translation>One per case</translation>
        </message>
    </context>
    <context>
        <name>AssignmentsPanel</name>
        <message>
            <location line="+211" />
            <source>我的评查任务</source>
            <translation>My evaluation tasks</translation>
        </message>
        <message>
            <location line="+0" />
            <source>分配给您的案卷。打开后左侧阅卷、右侧按评分表扣分；每项扣分须写明理由并指明页码或音视频时间。</source>
            <translation>Cases assigned to you. Open one to read the file on the left and deduct points with the rubric on the right; every deduction needs a reason and a page or audio/video time.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>开始/继续评查</source>
            <translation>Start/continue evaluation</translation>
        </message>
        <message>
            <location line="+5" />
            <source>案号</source>
            <translation>Case no.</translation>
        </message>
        <message>
            <location line="+0" />
            <source>题名</source>
            <translation>Title</translation>
        </message>
        <message>
            <location line="+0" />
            <source>承办机构</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <location line="+0" />
            <source>计划</source>
            <translation>Plan</translation>
        </message>
        <message>
            <location line="+1" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="+0" />
            <source>得分</source>
            <translation>Score</translation>
        </message>
        <message>
            <location line="+0" />
            <source>等次</source>
            <translation>Grade</translation>
        </message>
    </context>
    <context>
        <name>AuditExport</name>
        <message>
            <location filename="../../workstation/ui/admin/audit.py" line="+322" />
            <source>审计日志</source>
            <translation>Audit log</translation>
        </message>
    </context>
    <context>
        <name>AuditModel</name>
        <message>
            <location line="-280" />
            <source>序号</source>
            <translation>No.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>时间</source>
            <translation>Time</translation>
        </message>
        <message>
            <location line="+1" />
            <source>操作人</source>
            <translation>User</translation>
        </message>
        <message>
            <location line="+1" />
            <source>终端</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <location line="+1" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location line="+1" />
            <source>对象</source>
            <translation>Target</translation>
        </message>
        <message>
            <location line="+1" />
            <source>结果</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <location line="+1" />
            <source>详情</source>
            <translation>Details</translation>
        </message>
    </context>
    <context>
        <name>AuditPage</name>
        <message>
            <location line="+66" />
            <source>审计日志</source>
            <translation>Audit log</translation>
        </message>
        <message>
            <location line="+0" />
            <source>全部登录、查阅、检索、导入、授权与管理操作，按序号以哈希链相连，不可篡改。</source>
            <translation>Every sign-in, view, search, import, grant and administrative action, linked in sequence by a hash chain that reveals any tampering.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>校验审计链</source>
            <translation>Verify chain</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导出 CSV…</source>
            <translation>Export CSV…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导出 PDF…</source>
            <translation>Export PDF…</translation>
        </message>
        <message>
            <location line="+7" />
            <source>审计链：尚未校验</source>
            <translation>Audit chain: not verified yet</translation>
        </message>
        <message>
            <location line="+8" />
            <source>全部用户</source>
            <translation>All users</translation>
        </message>
        <message>
            <location line="+3" />
            <source>全部操作</source>
            <translation>All actions</translation>
        </message>
        <message>
            <location line="+4" />
            <source>案号、件或用户名</source>
            <translation>Case no., item or user name</translation>
        </message>
        <message>
            <location line="+2" />
            <source>全部结果</source>
            <translation>All outcomes</translation>
        </message>
        <message>
            <location line="+4" />
            <source>在结果中查找（含详情）</source>
            <translation>Find in the results (details included)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>查询</source>
            <translation>Query</translation>
        </message>
        <message>
            <location line="+8" />
            <source>起始日期</source>
            <translation>From</translation>
        </message>
        <message>
            <location line="+0" />
            <source>截止日期</source>
            <translation>Until</translation>
        </message>
        <message>
            <location line="+0" />
            <location line="+114" />
            <source>操作人</source>
            <translation>User</translation>
        </message>
        <message>
            <location line="-113" />
            <location line="+113" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location line="-113" />
            <location line="+113" />
            <source>对象</source>
            <translation>Target</translation>
        </message>
        <message>
            <location line="-113" />
            <location line="+114" />
            <source>结果</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <location line="-59" />
            <source>正在读取审计日志…</source>
            <translation>Reading the audit log…</translation>
        </message>
        <message numerus="yes">
            <location line="+15" />
            <source>共 %n 条记录</source>
            <translation>
                <numerusform>%n event</numerusform>
                <numerusform>%n events</numerusform>
            </translation>
        </message>
        <message>
            <location line="+5" />
            <source>正在校验审计链…</source>
            <translation>Verifying the audit chain…</translation>
        </message>
        <message>
            <location line="+5" />
            <source>审计链完整：共 {n} 条记录，哈希链接逐条校验无误（校验于 {at}）。</source>
            <translation>Audit chain intact: {n} events, every hash link verified (checked {at}).</translation>
        </message>
        <message>
            <location line="+5" />
            <source>审计链异常：自第 {seq} 条起{problem}（{detail}）。请立即报告。</source>
            <translation>Audit chain broken from event {seq}: {problem} ({detail}). Report this at once.</translation>
        </message>
        <message>
            <location line="+9" />
            <source>CSV 文件 (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <location line="+0" />
            <source>PDF 文件 (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导出审计日志</source>
            <translation>Export audit log</translation>
        </message>
        <message>
            <location line="+11" />
            <source>已导出</source>
            <translation>Exported</translation>
        </message>
        <message>
            <location line="+0" />
            <source>已导出 {n} 条记录到
{path}</source>
            <translation>Exported {n} events to
{path}</translation>
        </message>
        <message>
            <location line="+5" />
            <source>时间：{a} 至 {b}</source>
            <translation>Period: {a} to {b}</translation>
        </message>
        <message>
            <location line="+6" />
            <source>导出人：{user}，导出时间：{at}</source>
            <translation>Exported by {user} at {at}</translation>
        </message>
    </context>
    <context>
        <name>AvView</name>
        <message>
            <location filename="../../workstation/ui/media/view.py" line="+159" />
            <source>后退 5 秒（←）</source>
            <extracomment>the poster frame is shown only when the exact frame at the playhead is not there by then (a long recording whose frame index is still being read): no flash of a poster otherwise</extracomment>
            <translation>Back 5 s (←)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>上一帧（,）</source>
            <translation>Previous frame (,)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>播放/暂停（空格、K）</source>
            <translation>Play/pause (Space, K)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>下一帧（.）</source>
            <translation>Next frame (.)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>前进 5 秒（→）</source>
            <translation>Forward 5 s (→)</translation>
        </message>
        <message>
            <location line="+8" />
            <source>播放器的位置（libVLC 时钟，约数）/ 总时长</source>
            <translation>Player position (libVLC clock, approximate) / duration</translation>
        </message>
        <message>
            <location line="+3" />
            <source>从文件读出的精确帧时间：标记、片段与引用都使用这一时间</source>
            <translation>Exact frame time read from the file: marks, clips and citations all use this time</translation>
        </message>
        <message>
            <location line="+14" />
            <source>速度</source>
            <translation>Speed</translation>
        </message>
        <message>
            <location line="+5" />
            <source>播放速度（音调保持不变）；J 减速、L 加速</source>
            <translation>Playback speed (pitch preserved); J slower, L faster</translation>
        </message>
        <message>
            <location line="+7" />
            <source>静音（M）</source>
            <translation>Mute (M)</translation>
        </message>
        <message>
            <location line="+7" />
            <source>音量</source>
            <translation>Volume</translation>
        </message>
        <message>
            <location line="+5" />
            <source>转到 00:12:31.400</source>
            <translation>Go to 00:12:31.400</translation>
        </message>
        <message>
            <location line="+1" />
            <source>转到时间：00:12:31.400、12:31（分:秒）或 751.4（秒）</source>
            <translation>Go to time: 00:12:31.400, 12:31 (min:s) or 751.4 (s)</translation>
        </message>
        <message>
            <location line="+22" />
            <source>文字记录</source>
            <translation>Transcript</translation>
        </message>
        <message>
            <location line="+1" />
            <source>片段</source>
            <translation>Clips</translation>
        </message>
        <message>
            <location line="+1" />
            <source>制作说明</source>
            <translation>Production note</translation>
        </message>
        <message>
            <location line="+79" />
            <location line="+31" />
            <source>播放组件无法启动：{msg}</source>
            <translation>The player could not start: {msg}</translation>
        </message>
        <message>
            <location line="+46" />
            <source>拍摄时间 {t}（北京时间）</source>
            <translation>Recorded {t} (Beijing time)</translation>
        </message>
        <message>
            <location line="+4" />
            <source>设备 {d}</source>
            <translation>Device {d}</translation>
        </message>
        <message>
            <location line="+7" />
            <source>该文件不完整或无法完整解码{reason}：只能播放可读取的部分。原件按原样保存，未作任何改动。</source>
            <translation>This file is incomplete or cannot be fully decoded{reason}: only the readable part can be played. The original is kept as it is, unchanged.</translation>
        </message>
        <message>
            <location line="+9" />
            <source>正在载入缩略图…</source>
            <translation>Loading thumbnails…</translation>
        </message>
        <message>
            <location line="+7" />
            <source>正在生成波形…</source>
            <translation>Generating the waveform…</translation>
        </message>
        <message>
            <location line="+12" />
            <source>{n} 帧</source>
            <translation>{n} frames</translation>
        </message>
        <message>
            <location line="+4" />
            <source> · 可变帧率</source>
            <translation> · variable frame rate</translation>
        </message>
        <message>
            <location line="+2" />
            <source> · 帧索引不完整</source>
            <translation> · frame index incomplete</translation>
        </message>
        <message>
            <location line="+7" />
            <source>无法读取该视频的帧时间，逐帧和精确标记不可用：{msg}</source>
            <translation>The frame times of this video cannot be read; frame stepping and exact marks are unavailable: {msg}</translation>
        </message>
        <message>
            <location line="+9" />
            <source>该视频没有可显示的缩略图</source>
            <translation>This video has no thumbnails to show</translation>
        </message>
        <message>
            <location line="+4" />
            <source>缩略图不可用：{msg}</source>
            <translation>Thumbnails unavailable: {msg}</translation>
        </message>
        <message>
            <location line="+30" />
            <source>封面帧（{t} 处的画面）· 尚未播放，不是当前位置的画面</source>
            <translation>Poster frame (picture at {t}) · not played yet; not the picture at the current position</translation>
        </message>
        <message>
            <location line="+19" />
            <source>无法生成波形：{msg}</source>
            <translation>Cannot generate the waveform: {msg}</translation>
        </message>
        <message>
            <location line="+255" />
            <source>播放器长时间无法打开该文件：文件可能已损坏或编码不受支持。原件按原样保存。</source>
            <translation>The player has been unable to open this file for a long time: it may be damaged or use an unsupported encoding. The original is kept as it is.</translation>
        </message>
        <message>
            <location line="+22" />
            <source>无法播放该文件：文件可能已损坏、不完整或编码不受支持。原件按原样保存，未作任何改动。</source>
            <translation>This file cannot be played: it may be damaged, incomplete or use an unsupported encoding. The original is kept as it is, unchanged.</translation>
        </message>
        <message>
            <location line="+26" />
            <source>播放器 {pos} / {total}</source>
            <translation>Player {pos} / {total}</translation>
        </message>
        <message>
            <location line="+13" />
            <source>精确时间不可用：{msg}</source>
            <translation>Exact time unavailable: {msg}</translation>
        </message>
        <message>
            <location line="+48" />
            <source>精确帧 暂停后读取</source>
            <translation>Exact frame: read when paused</translation>
        </message>
        <message>
            <location line="+0" />
            <source>精确时间 暂停后读取</source>
            <translation>Exact time: read when paused</translation>
        </message>
        <message>
            <location line="+4" />
            <source>精确时间 {t}（采样点 {n}）</source>
            <translation>Exact time {t} (sample {n})</translation>
        </message>
        <message>
            <location line="+3" />
            <source>精确帧 {t}</source>
            <translation>Exact frame {t}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>（第 {n} 帧{key}）</source>
            <translation> (frame {n}{key})</translation>
        </message>
        <message>
            <location line="+0" />
            <source>，关键帧</source>
            <translation>, keyframe</translation>
        </message>
    </context>
    <context>
        <name>BundleDialog</name>
        <message>
            <location filename="../../workstation/ui/export/bundle_dialog.py" line="+44" />
            <source>右下角</source>
            <translation>Bottom right</translation>
        </message>
        <message>
            <location line="+1" />
            <source>左下角</source>
            <translation>Bottom left</translation>
        </message>
        <message>
            <location line="+1" />
            <source>下方居中</source>
            <translation>Bottom centre</translation>
        </message>
        <message>
            <location line="+1" />
            <source>右上角</source>
            <translation>Top right</translation>
        </message>
        <message>
            <location line="+1" />
            <source>左上角</source>
            <translation>Top left</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文书</source>
            <translation>Document</translation>
        </message>
        <message>
            <location line="+0" />
            <source>图片</source>
            <translation>Image</translation>
        </message>
        <message>
            <location line="+1" />
            <source>录音</source>
            <translation>Audio</translation>
        </message>
        <message>
            <location line="+0" />
            <source>录像</source>
            <translation>Video</translation>
        </message>
        <message>
            <location line="+1" />
            <source>其他</source>
            <translation>Other</translation>
        </message>
        <message>
            <location line="+2" />
            <source>静音</source>
            <translation>Mute</translation>
        </message>
        <message>
            <location line="+0" />
            <source>提示音</source>
            <translation>Tone</translation>
        </message>
        <message>
            <location line="+1" />
            <source>画面遮挡</source>
            <translation>Box mask</translation>
        </message>
        <message>
            <location line="+18" />
            <source>导出证据包 — %1</source>
            <translation>Export evidence bundle — %1</translation>
        </message>
        <message>
            <location line="+5" />
            <source>证据（勾选并排序）</source>
            <translation>Exhibits (tick and order)</translation>
        </message>
        <message>
            <location line="+0" />
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <location line="+0" />
            <source>页码范围</source>
            <translation>Page range</translation>
        </message>
        <message>
            <location line="+0" />
            <source>证明对象</source>
            <translation>Fact to be proved</translation>
        </message>
        <message>
            <location line="+12" />
            <source>上移</source>
            <translation>Move up</translation>
        </message>
        <message>
            <location line="+1" />
            <source>下移</source>
            <translation>Move down</translation>
        </message>
        <message>
            <location line="+3" />
            <source>全选可导出的件</source>
            <translation>Select all exportable items</translation>
        </message>
        <message>
            <location line="+6" />
            <source>页码范围如 1-3,5（留空为全部页）；录像、录音可勾选整件或其下的片段。</source>
            <translation>Page ranges like 1-3,5 (empty for all pages); for video and audio, tick the whole item or its clips.</translation>
        </message>
        <message>
            <location line="+9" />
            <source>如 ZJ</source>
            <translation>e.g. ZJ</translation>
        </message>
        <message>
            <location line="+16" />
            <source>Bates 编号和页码距页边的距离。多数打印机印不到纸边约 5 毫米以内，打印时被裁掉请加大。</source>
            <translation>Distance of the Bates number and page count from the page edge. Most printers cannot print within about 5 mm of the edge; increase it if stamps are cut off when printed.</translation>
        </message>
        <message>
            <location line="+7" />
            <source>如 某市某区人民法院（印入水印和证据目录）</source>
            <translation>e.g. the District People’s Court (printed in the watermark and the exhibit index)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>提交法院</source>
            <translation>Submission to court</translation>
        </message>
        <message>
            <location line="+1" />
            <source>同时生成 ZIP 文件</source>
            <translation>Also create a ZIP file</translation>
        </message>
        <message>
            <location line="+2" />
            <source>附 DA/T 48 电子文件封装包（XML）</source>
            <translation>Include a DA/T 48 electronic records package (XML)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>另附带批注的副本（干净副本不含批注）</source>
            <translation>Also include an annotated copy (the clean copy has no annotations)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>应用案卷中的遮蔽批注</source>
            <translation>Apply the redaction annotations in the case</translation>
        </message>
        <message>
            <location line="+3" />
            <source>浏览…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Bates 前缀</source>
            <translation>Bates prefix</translation>
        </message>
        <message>
            <location line="+1" />
            <source>起始号</source>
            <translation>Start number</translation>
        </message>
        <message>
            <location line="+1" />
            <source>位数</source>
            <translation>Digits</translation>
        </message>
        <message>
            <location line="+1" />
            <source>位置</source>
            <translation>Position</translation>
        </message>
        <message>
            <location line="+1" />
            <source>边距（毫米）</source>
            <translation>Margin (mm)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>示例</source>
            <translation>Example</translation>
        </message>
        <message>
            <location line="+1" />
            <source>提交对象</source>
            <translation>Recipient</translation>
        </message>
        <message>
            <location line="+1" />
            <source>用途</source>
            <translation>Purpose</translation>
        </message>
        <message>
            <location line="+1" />
            <source>保存到</source>
            <translation>Save to</translation>
        </message>
        <message>
            <location line="+10" />
            <source>件号</source>
            <translation>Item no.</translation>
        </message>
        <message>
            <location line="+0" />
            <source>页</source>
            <translation>Page</translation>
        </message>
        <message>
            <location line="+1" />
            <source>理由（代码或说明）</source>
            <translation>Reason (code or text)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>添加遮蔽</source>
            <translation>Add redaction</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+22" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location line="-15" />
            <source>坐标为 PDF 点（左上角为原点）。理由代码：P1 个人信息、P2 未成年人、T1 商业秘密、S1 国家秘密、S2 工作秘密、L1 无关第三人、O 其他。</source>
            <translation>Coordinates are PDF points (origin at the top left). Reason codes: P1 personal data, P2 minor, T1 trade secret, S1 state secret, S2 work secret, L1 unrelated third party, O other.</translation>
        </message>
        <message>
            <location line="+10" />
            <source>对象</source>
            <translation>Target</translation>
        </message>
        <message>
            <location line="+0" />
            <source>起（毫秒）</source>
            <translation>From (ms)</translation>
        </message>
        <message>
            <location line="+0" />
            <source>止（毫秒）</source>
            <translation>To (ms)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>方式</source>
            <translation>Method</translation>
        </message>
        <message>
            <location line="+0" />
            <source>理由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location line="+2" />
            <source>添加音视频遮蔽</source>
            <translation>Add audio/video redaction</translation>
        </message>
        <message>
            <location line="+10" />
            <source>只作用于导出的副本。对象：片段写 clip:片段号，整件写件号；时间为原件时间（毫秒或 hh:mm:ss.mmm）；方式：静音、提示音或画面遮挡（x、y、w、h 为像素）。</source>
            <translation>Applies only to the exported copy. Target: clip:N for clip no. N, or the item no. for a whole item; times are in the original (ms or hh:mm:ss.mmm); method: mute, tone or picture mask (x, y, w, h in pixels).</translation>
        </message>
        <message>
            <location line="+9" />
            <source>编号与提交对象</source>
            <translation>Numbering and recipient</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文书遮蔽</source>
            <translation>Document redactions</translation>
        </message>
        <message>
            <location line="+1" />
            <source>音视频遮蔽</source>
            <translation>Audio/video redactions</translation>
        </message>
        <message>
            <location line="+9" />
            <source>导出</source>
            <translation>Export</translation>
        </message>
        <message>
            <location line="+22" />
            <source>共 %1 页</source>
            <translation>%1 pages</translation>
        </message>
        <message>
            <location line="+6" />
            <source>没有该件的“下载/导出”授权</source>
            <translation>No download/export grant for this item</translation>
        </message>
        <message>
            <location line="+4" />
            <source>片段：%1</source>
            <translation>Clip: %1</translation>
        </message>
        <message>
            <location line="+0" />
            <source>片段</source>
            <translation>Clip</translation>
        </message>
        <message>
            <location line="+10" />
            <source>应用案卷中的遮蔽批注（%1 处）</source>
            <translation>Apply the redaction annotations in the case (%1)</translation>
        </message>
        <message>
            <location line="+56" />
            <source>选择保存证据包的文件夹</source>
            <translation>Choose the folder for the evidence bundle</translation>
        </message>
        <message>
            <location line="+100" />
            <location line="+4" />
            <source>正在生成证据包…</source>
            <translation>Generating the evidence bundle…</translation>
        </message>
        <message>
            <location line="+10" />
            <source>证据包已生成：%1</source>
            <translation>Evidence bundle generated: %1</translation>
        </message>
        <message>
            <location line="+1" />
            <source>证据 %1 项，文书 %2 页，Bates %3，遮蔽 %4 处，文件 %5 个，用时 %6 秒。</source>
            <translation>%1 exhibits, %2 document pages, Bates %3, %4 redactions, %5 files, %6 s.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>ZIP：%1</source>
            <translation>ZIP: %1</translation>
        </message>
        <message>
            <location line="+1" />
            <source>注意：%1</source>
            <translation>Note: %1</translation>
        </message>
        <message>
            <location line="+6" />
            <source>导出失败：%1</source>
            <translation>Export failed: %1</translation>
        </message>
        <message>
            <location line="+4" />
            <source>已取消，未留下任何文件。</source>
            <translation>Cancelled; no files were left behind.</translation>
        </message>
    </context>
    <context>
        <name>CaseBrowser</name>
        <message>
            <location filename="../../workstation/ui/browser/case_browser.py" line="+78" />
            <source>全部年度</source>
            <translation>All years</translation>
        </message>
        <message>
            <location line="+1" />
            <source>全部类别</source>
            <translation>All categories</translation>
        </message>
        <message>
            <location line="+2" />
            <source>全部状态</source>
            <translation>All statuses</translation>
        </message>
        <message>
            <location line="+3" />
            <source>全部密级</source>
            <translation>All levels</translation>
        </message>
        <message>
            <location line="+1" />
            <source>全部承办机构</source>
            <translation>All handling units</translation>
        </message>
        <message>
            <location line="+3" />
            <source>快速查找：案号、题名、当事人、档号</source>
            <translation>Quick find: case no., title, party, archival code</translation>
        </message>
        <message>
            <location line="+4" />
            <source>重置</source>
            <translation>Reset</translation>
        </message>
        <message>
            <location line="+1" />
            <source>清除全部筛选条件</source>
            <translation>Clear all filters</translation>
        </message>
        <message>
            <location line="+5" />
            <source>年度</source>
            <translation>Year</translation>
        </message>
        <message>
            <location line="+0" />
            <source>类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <location line="+1" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="+0" />
            <source>密级</source>
            <translation>Classification</translation>
        </message>
        <message>
            <location line="+1" />
            <source>承办机构</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <location line="+57" />
            <source>双击或按回车打开案卷；右键单击表头可选择显示的列；可将文件拖到此处导入所选案卷</source>
            <translation>Double-click or press Enter to open a case; right-click the header to choose columns; drop files here to import them into the selected case</translation>
        </message>
        <message numerus="yes">
            <location line="+110" />
            <source>共 %n 件</source>
            <translation>
                <numerusform>%n case</numerusform>
                <numerusform>%n cases</numerusform>
            </translation>
        </message>
        <message>
            <location line="+5" />
            <source>正在加载案卷…</source>
            <translation>Loading cases…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>没有符合筛选条件的案卷。</source>
            <translation>No case matches the filters.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>没有可查看的案卷。
需要查阅某一案卷时，请在“调阅申请”中提交申请。</source>
            <translation>There are no cases you may view.
To consult a case, file a request under “Access requests”.</translation>
        </message>
    </context>
    <context>
        <name>CaseTable</name>
        <message>
            <location filename="../../workstation/ui/browser/case_model.py" line="+27" />
            <source>案号</source>
            <translation>Case no.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷题名</source>
            <translation>Title</translation>
        </message>
        <message>
            <location line="+1" />
            <source>当事人</source>
            <translation>Party</translation>
        </message>
        <message>
            <location line="+1" />
            <source>执法类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <location line="+1" />
            <source>程序</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <location line="+1" />
            <source>承办机构</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>立案日期</source>
            <translation>Opened</translation>
        </message>
        <message>
            <location line="+1" />
            <source>结案日期</source>
            <translation>Closed</translation>
        </message>
        <message>
            <location line="+1" />
            <source>密级</source>
            <translation>Classification</translation>
        </message>
        <message>
            <location line="+1" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="+1" />
            <source>档号</source>
            <translation>Archival code</translation>
        </message>
        <message>
            <location line="+1" />
            <source>保管期限</source>
            <translation>Retention</translation>
        </message>
        <message>
            <location line="+1" />
            <source>审核期限</source>
            <translation>Review deadline</translation>
        </message>
        <message>
            <location line="+51" />
            <source>审核期限暂不可用：{msg}</source>
            <translation>Review deadline unavailable: {msg}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>进行中的法制审核剩余的工作日：黄色为即将到期，红色为今日到期或已超期</source>
            <translation>Working days left in an ongoing legal review: yellow = due soon, red = due today or overdue</translation>
        </message>
        <message>
            <location line="+48" />
            <source>法制审核：{status}</source>
            <translation>Legal review: {status}</translation>
        </message>
        <message>
            <location line="+3" />
            <source>审核期限至 {date}</source>
            <translation>Review due {date}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>尚未受理，受理后开始计算期限</source>
            <translation>Not accepted yet; the deadline runs from acceptance</translation>
        </message>
    </context>
    <context>
        <name>CaseView</name>
        <message>
            <location filename="../../workstation/ui/case/case_view.py" line="+72" />
            <location line="+233" />
            <source>打开</source>
            <translation>Open</translation>
        </message>
        <message>
            <location line="-232" />
            <source>打开所选文件（Ctrl+O）</source>
            <translation>Open the selected item (Ctrl+O)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>添加文件…</source>
            <translation>Add files…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>向本案卷导入文件（也可把文件拖入下方列表）</source>
            <translation>Import files into this case (or drop them on the list below)</translation>
        </message>
        <message>
            <location line="+4" />
            <source>归档</source>
            <translation>Filing</translation>
        </message>
        <message>
            <location line="+11" />
            <source>导出证据包</source>
            <translation>Export evidence bundle</translation>
        </message>
        <message>
            <location line="+1" />
            <source>选取证据，加 Bates 编号、水印和遮蔽，生成可校验的证据包</source>
            <translation>Choose exhibits, add Bates numbers, watermarks and redactions, and produce a verifiable evidence bundle</translation>
        </message>
        <message>
            <location line="+5" />
            <source>刷新（F5）</source>
            <translation>Refresh (F5)</translation>
        </message>
        <message>
            <location line="+87" />
            <source>案卷“{case_no}”不存在，或您无权查看。</source>
            <translation>Case “{case_no}” does not exist, or you may not view it.</translation>
        </message>
        <message>
            <location line="+46" />
            <source>已归档；经批准的修改时限至 {until}，修改均记入审计日志。</source>
            <translation>Filed; an approved edit window is open until {until}; every change is audited.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>已归档（{at}，{who}）。修改须先申请并经批准。</source>
            <translation>Filed ({at}, {who}). Changes need an approved request.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>归档待办：{items}</source>
            <translation>To do before filing: {items}</translation>
        </message>
        <message>
            <location line="+0" />
            <source>；</source>
            <translation>; </translation>
        </message>
        <message>
            <location line="+3" />
            <source>归档检查通过，可以归档。</source>
            <translation>Filing check passed: the case can be filed.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>归档检查…</source>
            <translation>Filing check…</translation>
        </message>
        <message>
            <location line="+8" />
            <source>本案卷还没有文件。可点击“添加文件…”或把文件拖入列表。</source>
            <translation>This case has no files yet. Click “Add files…” or drop files on the list.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>完整性：{n} 件中 {bad} 件不可用（{names}）</source>
            <translation>Integrity: {bad} of {n} items unusable ({names})</translation>
        </message>
        <message>
            <location line="+5" />
            <source>完整性：全部 {n} 件可用，已存原件并记录 SHA-256 与 SM3 哈希</source>
            <translation>Integrity: all {n} items usable; originals stored with SHA-256 and SM3 digests</translation>
        </message>
        <message>
            <location line="+52" />
            <source>确认按现状归档…</source>
            <translation>Accept as it is for filing…</translation>
        </message>
    </context>
    <context>
        <name>CaseWorkspace</name>
        <message>
            <location filename="../../workstation/ui/workspace.py" line="+32" />
            <source>案卷列表</source>
            <translation>Cases</translation>
        </message>
        <message>
            <location line="+98" />
            <source>请先选定要导入的案卷，或拖入带 dossier.yaml 清单的案卷文件夹。</source>
            <translation>Select the case to import into first, or drop a dossier folder with a dossier.yaml manifest.</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <location filename="../../workstation/ui/dialogs/sign_in.py" line="+46" />
            <source>修改密码</source>
            <translation>Change password</translation>
        </message>
        <message>
            <location line="+3" />
            <source>，</source>
            <translation>, </translation>
        </message>
        <message>
            <location line="+0" />
            <source>{level} {n} 位</source>
            <translation>{level}: {n} characters</translation>
        </message>
        <message>
            <location line="+2" />
            <source>账号“{user}”的密码已过期或须修改，请设置新密码后继续登录。</source>
            <translation>The password of “{user}” has expired or must be changed. Set a new password to continue.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>密码长度要求随人员密级而定（{policy}），至少包含 4 个不同字符，且不能与原密码相同。</source>
            <translation>The minimum length depends on the clearance ({policy}); at least 4 different characters, and not the old password.</translation>
        </message>
        <message>
            <location line="+7" />
            <source>新密码</source>
            <translation>New password</translation>
        </message>
        <message>
            <location line="+1" />
            <source>再次输入</source>
            <translation>Repeat</translation>
        </message>
        <message>
            <location line="+3" />
            <source>修改并登录</source>
            <translation>Change and sign in</translation>
        </message>
        <message>
            <location line="+1" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location line="+14" />
            <source>请输入新密码。</source>
            <translation>Please enter a new password.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>两次输入的新密码不一致。</source>
            <translation>The two new passwords differ.</translation>
        </message>
    </context>
    <context>
        <name>ClipsPane</name>
        <message>
            <location filename="../../workstation/ui/media/clips.py" line="+45" />
            <source>设起点 [I]</source>
            <translation>Set start [I]</translation>
        </message>
        <message>
            <location line="+1" />
            <source>把当前位置设为片段起点（对齐到文件中的真实帧）</source>
            <translation>Set the current position as the clip start (aligned to a real frame in the file)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>设终点 [O]</source>
            <translation>Set end [O]</translation>
        </message>
        <message>
            <location line="+1" />
            <source>把当前位置设为片段终点（对齐到文件中的真实帧）</source>
            <translation>Set the current position as the clip end (aligned to a real frame in the file)</translation>
        </message>
        <message>
            <location line="+6" />
            <source>片段名称，例如 出示证件</source>
            <translation>Clip name, e.g. Showing credentials</translation>
        </message>
        <message>
            <location line="+2" />
            <source>创建片段</source>
            <translation>Create clip</translation>
        </message>
        <message>
            <location line="+12" />
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <location line="+0" />
            <source>起点</source>
            <translation>Start</translation>
        </message>
        <message>
            <location line="+0" />
            <source>终点</source>
            <translation>End</translation>
        </message>
        <message>
            <location line="+0" />
            <source>时长</source>
            <translation>Length</translation>
        </message>
        <message>
            <location line="+1" />
            <source>创建人</source>
            <translation>Created by</translation>
        </message>
        <message>
            <location line="+10" />
            <source>从片段起点播放</source>
            <translation>Play from the clip start</translation>
        </message>
        <message>
            <location line="+2" />
            <source>撤销片段</source>
            <translation>Revoke clip</translation>
        </message>
        <message>
            <location line="+9" />
            <source>快速（流复制）</source>
            <translation>Fast (stream copy)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>精确（重新编码）</source>
            <translation>Exact (re-encode)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>导出片段…</source>
            <translation>Export clip…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>导出方式</source>
            <translation>Export mode</translation>
        </message>
        <message>
            <location line="+17" />
            <source>快速导出不重新编码：画面从所标起点之前最近的关键帧开始，实际起点会写入导出记录。原件不作任何改动。</source>
            <translation>Fast export does not re-encode: the picture starts at the nearest keyframe before the marked start, and the actual start is written to the export record. The original is not changed.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>精确导出从所标记的那一帧开始重新编码（H.264/AAC，音频为 WAV），耗时较长。原件不作任何改动。</source>
            <translation>Exact export re-encodes from the marked frame (H.264/AAC, WAV for audio) and takes longer. The original is not changed.</translation>
        </message>
        <message>
            <location line="+30" />
            <source>帧时间戳 {a}–{b}（时间基 {tb}）</source>
            <translation>Frame timestamps {a}–{b} (time base {tb})</translation>
        </message>
        <message>
            <location line="+113" />
            <source>导出片段到文件夹</source>
            <translation>Export clip to folder</translation>
        </message>
        <message>
            <location line="+7" />
            <source>正在导出“{name}”…</source>
            <translation>Exporting “{name}”…</translation>
        </message>
        <message>
            <location line="+3" />
            <source>导出已取消。</source>
            <translation>Export cancelled.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>正在导出片段“{name}”（{mode}）…</source>
            <translation>Exporting clip “{name}” ({mode})…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>快速</source>
            <translation>fast</translation>
        </message>
        <message>
            <location line="+0" />
            <source>精确</source>
            <translation>exact</translation>
        </message>
        <message>
            <location line="+5" />
            <source>导出失败。</source>
            <translation>Export failed.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>已导出：{path}
实际范围 {a} – {b}</source>
            <translation>Exported: {path}
Actual range {a} – {b}</translation>
        </message>
        <message>
            <location line="+3" />
            <source>（比标记起点早 {ms} 毫秒：快速导出从关键帧开始）</source>
            <translation> ({ms} ms before the marked start: fast export starts at a keyframe)</translation>
        </message>
        <message>
            <location line="+5" />
            <source>片段已导出</source>
            <translation>Clip exported</translation>
        </message>
    </context>
    <context>
        <name>CoverPanel</name>
        <message>
            <location filename="../../workstation/ui/case/details.py" line="+23" />
            <source>案卷封面</source>
            <translation>Cover</translation>
        </message>
        <message>
            <location line="+14" />
            <source>案号</source>
            <translation>Case no.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷题名</source>
            <translation>Title</translation>
        </message>
        <message>
            <location line="+1" />
            <source>当事人</source>
            <translation>Party</translation>
        </message>
        <message>
            <location line="+1" />
            <source>证件号码</source>
            <translation>ID no.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案由</source>
            <translation>Cause</translation>
        </message>
        <message>
            <location line="+1" />
            <source>执法类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <location line="+1" />
            <source>程序</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <location line="+1" />
            <source>承办机构</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>承办人</source>
            <translation>Case officers</translation>
        </message>
        <message>
            <location line="+1" />
            <source>决定书文号</source>
            <translation>Decision no.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>办案日期</source>
            <translation>Handled</translation>
        </message>
        <message>
            <location line="+1" />
            <source>起止时间</source>
            <translation>Document dates</translation>
        </message>
        <message>
            <location line="+1" />
            <source>件数</source>
            <translation>Items</translation>
        </message>
        <message>
            <location line="+0" />
            <source>{n} 件（其中音像 {av} 件）</source>
            <translation>{n} items ({av} audio/video)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>{n} 件</source>
            <translation>{n} items</translation>
        </message>
        <message>
            <location line="+1" />
            <source>页数</source>
            <translation>Pages</translation>
        </message>
        <message>
            <location line="+0" />
            <source>{n} 页</source>
            <translation>{n} p.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>保管期限</source>
            <translation>Retention</translation>
        </message>
        <message>
            <location line="+1" />
            <source>密级</source>
            <translation>Classification</translation>
        </message>
        <message>
            <location line="+1" />
            <source>保密期限</source>
            <translation>Secrecy term</translation>
        </message>
        <message>
            <location line="+1" />
            <source>档号</source>
            <translation>Archival code</translation>
        </message>
        <message>
            <location line="+1" />
            <source>归档号</source>
            <translation>Filing no.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="+1" />
            <source>备注</source>
            <translation>Remarks</translation>
        </message>
        <message>
            <location line="+6" />
            <source>{start} 至 {end}</source>
            <translation>{start} to {end}</translation>
        </message>
    </context>
    <context>
        <name>DecisionDialog</name>
        <message>
            <location filename="../../workstation/ui/admin/requests.py" line="+36" />
            <source>批准调阅申请</source>
            <translation>Approve access request</translation>
        </message>
        <message>
            <location line="+1" />
            <source>批准</source>
            <translation>Approve</translation>
        </message>
        <message>
            <location line="+2" />
            <source>拒绝调阅申请</source>
            <translation>Refuse access request</translation>
        </message>
        <message>
            <location line="+1" />
            <source>拒绝</source>
            <translation>Refuse</translation>
        </message>
        <message>
            <location line="+4" />
            <source>申请人：{who}
案号：{case_no}
级别：{level}，截止：{until}
事由：{reason}</source>
            <translation>Requester: {who}
Case no.: {case_no}
Level: {level}, until {until}
Reason: {reason}</translation>
        </message>
        <message>
            <location line="+6" />
            <source>审批意见（可选）</source>
            <translation>Decision note (optional)</translation>
        </message>
    </context>
    <context>
        <name>DocumentTab</name>
        <message>
            <location filename="../../workstation/ui/documents.py" line="+63" />
            <source>{n} 页</source>
            <translation>{n} p.</translation>
        </message>
        <message>
            <source>PDF 阅览组件尚未安装，暂时无法在此显示内容。</source>
            <translation type="vanished">The PDF viewer is not installed; the content cannot be shown here.</translation>
        </message>
        <message>
            <location line="+4" />
            <source>此类资料暂不能在此显示。</source>
            <translation>This kind of material cannot be shown here yet.</translation>
        </message>
        <message>
            <source>音视频播放组件尚未提供，暂时无法在此播放。</source>
            <translation type="vanished">The audio/video player is not available yet; the recording cannot be played here.</translation>
        </message>
    </context>
    <context>
        <name>Documents</name>
        <message>
            <location filename="../../workstation/ui/case/documents.py" line="+32" />
            <source>已生成</source>
            <translation>Generated</translation>
        </message>
        <message>
            <location line="+2" />
            <source>文件已生成。</source>
            <translation>The file was generated.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>已生成：{name}</source>
            <translation>Generated: {name}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>打开预览</source>
            <translation>Preview</translation>
        </message>
    </context>
    <context>
        <name>EditApprovalsPanel</name>
        <message>
            <location filename="../../workstation/ui/admin/edit_approvals.py" line="+80" />
            <source>全部</source>
            <translation>All</translation>
        </message>
        <message>
            <location line="+6" />
            <source>批准…</source>
            <translation>Approve…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>拒绝…</source>
            <translation>Refuse…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>结束修改</source>
            <translation>End editing</translation>
        </message>
        <message>
            <location line="+5" />
            <source>已归档案卷的修改须经批准，在批准的时限内进行。</source>
            <translation>Changes to a filed case need an approval and are made within the approved window.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>批准后，申请人在时限内可修改该已归档案卷；全部修改记入审计日志。</source>
            <translation>Once approved, the requester may edit the filed case within the window; every change is audited.</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+7" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="+0" />
            <source>编号</source>
            <translation>ID</translation>
        </message>
        <message>
            <location line="+0" />
            <source>案号</source>
            <translation>Case no.</translation>
        </message>
        <message>
            <location line="+0" />
            <source>申请人</source>
            <translation>Requester</translation>
        </message>
        <message>
            <location line="+0" />
            <source>事由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location line="+1" />
            <source>审批人</source>
            <translation>Decided by</translation>
        </message>
        <message>
            <location line="+0" />
            <source>修改截止</source>
            <translation>Window ends</translation>
        </message>
        <message>
            <location line="+0" />
            <source>审批意见</source>
            <translation>Decision note</translation>
        </message>
    </context>
    <context>
        <name>EditDecisionDialog</name>
        <message>
            <location line="-67" />
            <source>批准归档后修改</source>
            <translation>Approve post-filing edit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>批准</source>
            <translation>Approve</translation>
        </message>
        <message>
            <location line="+2" />
            <source>拒绝归档后修改</source>
            <translation>Refuse post-filing edit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>拒绝</source>
            <translation>Refuse</translation>
        </message>
        <message>
            <location line="+4" />
            <source>申请人：{who}
案号：{case_no}
事由：{reason}</source>
            <translation>Requester: {who}
Case no.: {case_no}
Reason: {reason}</translation>
        </message>
        <message>
            <location line="+7" />
            <source> 小时</source>
            <translation> hours</translation>
        </message>
        <message>
            <location line="+3" />
            <source>修改时限</source>
            <translation>Edit window</translation>
        </message>
        <message>
            <location line="+5" />
            <source>审批意见（可选）</source>
            <translation>Decision note (optional)</translation>
        </message>
    </context>
    <context>
        <name>Errors</name>
        <message>
            <location filename="../../workstation/ui/i18n.py" line="+36" />
            <source>登录失败</source>
            <translation>Sign-in failed</translation>
        </message>
        <message>
            <location line="+1" />
            <source>账号已锁定</source>
            <translation>Account locked</translation>
        </message>
        <message>
            <location line="+1" />
            <source>账号已停用</source>
            <translation>Account disabled</translation>
        </message>
        <message>
            <location line="+1" />
            <source>需要修改密码</source>
            <translation>Password change required</translation>
        </message>
        <message>
            <location line="+1" />
            <source>无权操作</source>
            <translation>Not permitted</translation>
        </message>
        <message>
            <location line="+1" />
            <source>未找到</source>
            <translation>Not found</translation>
        </message>
        <message>
            <location line="+1" />
            <source>未找到档案库</source>
            <translation>Archive not found</translation>
        </message>
        <message>
            <location line="+1" />
            <source>完整性问题</source>
            <translation>Integrity problem</translation>
        </message>
        <message>
            <location line="+1" />
            <source>证据存储错误</source>
            <translation>Evidence store error</translation>
        </message>
        <message>
            <location line="+1" />
            <source>操作冲突</source>
            <translation>Conflict</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案号已存在</source>
            <translation>Case number exists</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷已归档</source>
            <translation>Case is filed</translation>
        </message>
        <message>
            <location line="+1" />
            <source>用户已存在</source>
            <translation>User exists</translation>
        </message>
        <message>
            <location line="+1" />
            <source>配置错误</source>
            <translation>Configuration error</translation>
        </message>
        <message>
            <location line="+1" />
            <source>工作站已锁定</source>
            <translation>Workstation locked</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检索式有误</source>
            <translation>Query error</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检索索引需要重建</source>
            <translation>Search index needs a rebuild</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检索索引忙</source>
            <translation>Search index busy</translation>
        </message>
        <message>
            <location line="+1" />
            <source>重复的文件</source>
            <translation>Duplicate file</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷清单错误</source>
            <translation>Manifest error</translation>
        </message>
        <message>
            <location line="+1" />
            <source>尚不能归档</source>
            <translation>Not ready to file</translation>
        </message>
        <message>
            <location line="+1" />
            <source>档号已编制</source>
            <translation>Archival code already assigned</translation>
        </message>
        <message>
            <location line="+1" />
            <source>尚未配置全宗号</source>
            <translation>Fonds code not configured</translation>
        </message>
        <message>
            <location line="+1" />
            <source>需要机构代码</source>
            <translation>Unit code required</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已有待审批的申请</source>
            <translation>Request already pending</translation>
        </message>
        <message>
            <location line="+2" />
            <source>操作未完成</source>
            <translation>Not completed</translation>
        </message>
        <message>
            <location line="+5" />
            <source>用户名或密码错误。</source>
            <translation>Wrong user name or password.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>密码连续输错次数过多，账号已锁定，请在 {until} 之后重试。</source>
            <translation>Too many wrong passwords: the account is locked. Try again after {until}.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>账号已停用，请联系系统管理员。</source>
            <translation>The account is disabled. Please contact the system administrator.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>密码已过期或须修改，请先设置新密码。</source>
            <translation>The password has expired or must be changed. Please set a new password first.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>无权执行此操作：{reason}</source>
            <translation>You may not do this: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>未找到：{what}</source>
            <translation>Not found: {what}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>输入有误：{reason}</source>
            <translation>Invalid input: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>密码不符合要求：{reason}</source>
            <translation>The password does not meet the policy: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>新密码不能与原密码相同。</source>
            <translation>The new password must differ from the old one.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>角色组合不允许：{reason}</source>
            <translation>Role combination not allowed: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>用户名只能包含字母、数字、汉字和 . - _ @，最长 64 个字符。</source>
            <translation>User names may contain letters, digits, Chinese characters and . - _ @, up to 64 characters.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导入单个文件或没有清单的文件夹时，须先选定案卷。</source>
            <translation>To import single files or a folder without a manifest, select a case first.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文件不存在：{reason}</source>
            <translation>File not found: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不是普通文件：{reason}</source>
            <translation>Not a regular file: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>空文件，拒绝导入：{reason}</source>
            <translation>Empty file, not imported: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文件夹中没有文件：{reason}</source>
            <translation>The folder contains no files: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷清单 {file} 第 {line} 行有误：{reason}</source>
            <translation>Manifest {file}, line {line}: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>完整性校验失败：{reason}</source>
            <translation>Integrity check failed: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>证据存储出错：{reason}</source>
            <translation>Evidence store error: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>重复的文件：{name}</source>
            <translation>Duplicate file: {name}</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+1" />
            <location line="+1" />
            <location line="+1" />
            <location line="+2" />
            <location line="+1" />
            <location line="+1" />
            <location line="+1" />
            <location line="+1" />
            <source>{reason}</source>
            <translation>{reason}</translation>
        </message>
        <message>
            <location line="-5" />
            <source>尚不能归档：{reason}</source>
            <translation>Not ready to file: {reason}</translation>
        </message>
        <message>
            <location line="+6" />
            <source>配置有误：{reason}</source>
            <translation>Configuration error: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>操作已取消。</source>
            <translation>Cancelled.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>长时间未操作，工作站已锁定，请输入密码解锁。</source>
            <translation>The workstation locked itself after a period of inactivity. Enter your password to unlock.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检索式有误：{reason}</source>
            <translation>Query error: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检索索引需要重建，请联系系统管理员：{reason}</source>
            <translation>The search index needs a rebuild; please contact the system administrator: {reason}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检索索引正被其他程序写入，请稍后重试。</source>
            <translation>Another program is writing the search index; please try again shortly.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>意外错误</source>
            <translation>Unexpected error</translation>
        </message>
        <message>
            <location line="+1" />
            <source>发生了意外错误，操作没有完成。已写入的数据不受影响；如问题反复出现，请将“详细信息”中的内容提供给系统管理员。</source>
            <translation>An unexpected error stopped the operation. Data already saved is not affected; if this happens again, give the text under “Show Details” to the system administrator.</translation>
        </message>
    </context>
    <context>
        <name>EvaluationPage</name>
        <message>
            <location filename="../../workstation/ui/evaluation/page.py" line="+40" />
            <source>我的评查任务</source>
            <translation>My evaluation tasks</translation>
        </message>
        <message>
            <location line="+6" />
            <source>评查计划</source>
            <translation>Evaluation plans</translation>
        </message>
        <message>
            <location line="+42" />
            <source>评查 </source>
            <translation>Evaluation </translation>
        </message>
        <message>
            <location line="+0" />
            <source>定稿 </source>
            <translation>Final </translation>
        </message>
        <message>
            <location line="+12" />
            <source>导出</source>
            <translation>Export</translation>
        </message>
        <message>
            <location line="+0" />
            <source>已导出到 {path}</source>
            <translation>Exported to {path}</translation>
        </message>
        <message>
            <location line="+29" />
            <source>合议 </source>
            <translation>Reconciliation </translation>
        </message>
        <message>
            <location line="+11" />
            <source>报告 {id}</source>
            <translation>Report {id}</translation>
        </message>
    </context>
    <context>
        <name>Filing</name>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>请填写带 * 的项目。</source>
            <translation>Please fill in the fields marked *.</translation>
        </message>
        <message>
            <source>按排列模板排序：{name}</source>
            <translation>Order by template: {name}</translation>
        </message>
        <message>
            <source>将按“{name}”重排 {n} 件文件（共 {total} 件），并按页号约定重新编页。</source>
            <translation>{n} of {total} items will be reordered by “{name}” and the pages renumbered.</translation>
        </message>
        <message>
            <source>案卷已符合“{name}”的顺序，无需调整。</source>
            <translation>The case already follows “{name}”.</translation>
        </message>
        <message>
            <source>题名</source>
            <translation>Title</translation>
        </message>
        <message>
            <source>文件类型</source>
            <translation>Document type</translation>
        </message>
        <message>
            <source>原位置</source>
            <translation>Now</translation>
        </message>
        <message>
            <source>新位置</source>
            <translation>Then</translation>
        </message>
        <message>
            <source>{kind}第 {vol} 卷 第 {seq} 件</source>
            <translation>{kind} vol. {vol}, item {seq}</translation>
        </message>
        <message>
            <source>应用</source>
            <translation>Apply</translation>
        </message>
        <message>
            <source>归档检查 — {case_no}</source>
            <translation>Filing check — {case_no}</translation>
        </message>
        <message>
            <source>档号：{code}</source>
            <translation>Archival code: {code}</translation>
        </message>
        <message>
            <source>未编</source>
            <translation>not assigned</translation>
        </message>
        <message>
            <source>页号约定：{name}</source>
            <translation>Page numbering: {name}</translation>
        </message>
        <message>
            <location filename="../../workstation/ui/case/filing.py" line="+44" />
            <source>案卷已归档</source>
            <translation>the case is already filed</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷中没有文件</source>
            <translation>the case has no items</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷中有超出您密级或知悉范围的文件，须由有权查看全部文件的人员办理归档</source>
            <translation>some items are beyond your clearance or need-to-know; someone who may see every item must file the case</translation>
        </message>
        <message>
            <location line="+1" />
            <source>尚未编档号</source>
            <translation>no archival code yet</translation>
        </message>
        <message>
            <location line="+1" />
            <source>部分文件尚未检测空白页，请重新编页</source>
            <translation>some items were not checked for blank pages; renumber the pages</translation>
        </message>
        <message>
            <location line="+1" />
            <source>尚未生成卷内目录</source>
            <translation>no contents list yet</translation>
        </message>
        <message>
            <location line="+1" />
            <source>卷内目录生成后案卷又有变化，请重新生成</source>
            <translation>the case changed after the contents list was made; generate it again</translation>
        </message>
        <message>
            <location line="+1" />
            <source>尚未生成卷内备考表</source>
            <translation>no closing note yet</translation>
        </message>
        <message>
            <location line="+1" />
            <source>卷内备考表生成后案卷又有变化，请重新生成</source>
            <translation>the case changed after the closing note was made; generate it again</translation>
        </message>
        <message>
            <location line="+3" />
            <source>卷内目录</source>
            <translation>Contents list</translation>
        </message>
        <message>
            <location line="+1" />
            <source>卷内备考表</source>
            <translation>Closing note</translation>
        </message>
        <message>
            <source>第 {v} 版（最新）</source>
            <translation>version {v} (current)</translation>
        </message>
        <message>
            <source>第 {v} 版（已过时）</source>
            <translation>version {v} (out of date)</translation>
        </message>
        <message>
            <source>未生成</source>
            <translation>not generated</translation>
        </message>
        <message>
            <source>案卷已于 {at} 由 {who} 归档。</source>
            <translation>Filed on {at} by {who}.</translation>
        </message>
        <message>
            <source>尚不能归档：</source>
            <translation>Not ready to file:</translation>
        </message>
        <message>
            <source>可以归档。归档后案卷锁定，修改须经审批并记入审计日志。</source>
            <translation>Ready to file. A filed case is locked; changes need an approval and are audited.</translation>
        </message>
        <message>
            <source>提示：</source>
            <translation>Notes:</translation>
        </message>
        <message>
            <source>归档（锁定案卷）</source>
            <translation>File (lock the case)</translation>
        </message>
        <message>
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>按排列模板排序</source>
            <translation>Order by template</translation>
        </message>
        <message>
            <source>编页号</source>
            <translation>Number pages</translation>
        </message>
        <message>
            <source>按本卷约定重新编页</source>
            <translation>Renumber with the case's convention</translation>
        </message>
        <message>
            <source>（默认）</source>
            <translation> (default)</translation>
        </message>
        <message>
            <source>编制档号</source>
            <translation>Assign archival code</translation>
        </message>
        <message>
            <source>生成卷内目录</source>
            <translation>Generate contents list</translation>
        </message>
        <message>
            <source>生成卷内备考表…</source>
            <translation>Generate closing note…</translation>
        </message>
        <message>
            <source>已生成的表单</source>
            <translation>Generated forms</translation>
        </message>
        <message>
            <source>最新</source>
            <translation>current</translation>
        </message>
        <message>
            <source>已过时</source>
            <translation>out of date</translation>
        </message>
        <message>
            <source>{name} 第 {v} 版（{state}）</source>
            <translation>{name} version {v} ({state})</translation>
        </message>
        <message>
            <source>归档检查…</source>
            <translation>Filing check…</translation>
        </message>
        <message>
            <source>申请归档后修改…</source>
            <translation>Request a post-filing edit…</translation>
        </message>
        <message>
            <source>正在按模板排序并重新编页…</source>
            <translation>Ordering by the template and renumbering…</translation>
        </message>
        <message>
            <source>已按“{conv}”重新编页，{n} 件文件的页号有变化。</source>
            <translation>Renumbered by “{conv}”; the pages of {n} items changed.</translation>
        </message>
        <message>
            <source>正在编页号（检测空白页）…</source>
            <translation>Numbering pages (checking for blank pages)…</translation>
        </message>
        <message>
            <source>编制</source>
            <translation>Assign</translation>
        </message>
        <message>
            <source>档号按 archival_codes.yaml 的格式编制，取本全宗、本年度的下一个流水号；一经编制不得重编。</source>
            <translation>The archival code follows archival_codes.yaml with the next serial number of the fonds and year; once assigned it never changes.</translation>
        </message>
        <message>
            <source>如 BGS；承办机构已配置机构代码时可留空</source>
            <translation>e.g. BGS; leave empty if the handling unit has a configured code</translation>
        </message>
        <message>
            <source>机构代码</source>
            <translation>Unit code</translation>
        </message>
        <message>
            <source>已编制档号 {code}（归档号 {no}）。</source>
            <translation>Archival code {code} assigned (filing no. {no}).</translation>
        </message>
        <message>
            <source>正在生成卷内目录…</source>
            <translation>Generating the contents list…</translation>
        </message>
        <message>
            <source>生成卷内备考表</source>
            <translation>Generate closing note</translation>
        </message>
        <message>
            <source>生成</source>
            <translation>Generate</translation>
        </message>
        <message>
            <source>本卷情况说明中的页数、件数、缺损和音像载体等由系统按目录统计；可补充说明。</source>
            <translation>Pages, items, defects and audio/video carriers are counted from the catalogue; you may add remarks.</translation>
        </message>
        <message>
            <source>立卷人</source>
            <translation>Compiled by</translation>
        </message>
        <message>
            <source>检查人</source>
            <translation>Checked by</translation>
        </message>
        <message>
            <source>立卷时间</source>
            <translation>Compiled on</translation>
        </message>
        <message>
            <source>补充说明</source>
            <translation>Remarks</translation>
        </message>
        <message>
            <source>正在生成卷内备考表…</source>
            <translation>Generating the closing note…</translation>
        </message>
        <message>
            <source>已生成{name}第 {v} 版。</source>
            <translation>{name} version {v} generated.</translation>
        </message>
        <message>
            <source>案卷 {case_no} 已归档。</source>
            <translation>Case {case_no} is filed.</translation>
        </message>
        <message>
            <source>申请归档后修改</source>
            <translation>Request a post-filing edit</translation>
        </message>
        <message>
            <source>提交申请</source>
            <translation>Submit request</translation>
        </message>
        <message>
            <source>已归档案卷的修改须经负责人或安全保密管理员批准，在批准的时限内进行，全程记入审计日志。</source>
            <translation>Changes to a filed case need the approval of an approver or the security officer, are made within the approved window and are fully audited.</translation>
        </message>
        <message>
            <source>事由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>已提交修改申请（编号 {id}），等待审批。</source>
            <translation>Edit request {id} submitted; awaiting a decision.</translation>
        </message>
        <message>
            <source>确认按现状归档</source>
            <translation>Accept as it is</translation>
        </message>
        <message>
            <source>确认</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <source>“{title}”无法读取（{reason}）。确认后将按现状归档，缺损情况写入卷内备考表。</source>
            <translation>“{title}” cannot be read ({reason}). If you confirm, it is filed as it is and the defect is noted in the closing note.</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Remark</translation>
        </message>
    </context>
    <context>
        <name>FormDialog</name>
        <message>
            <location filename="../../workstation/ui/forms.py" line="+34" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>FormPreview</name>
        <message>
            <source>{name} 第 {v} 版 — {case_no}</source>
            <translation>{name} version {v} — {case_no}</translation>
        </message>
        <message>
            <source>无法显示：{msg}</source>
            <translation>Cannot display: {msg}</translation>
        </message>
        <message>
            <source>打印…</source>
            <translation>Print…</translation>
        </message>
        <message>
            <source>另存为…</source>
            <translation>Save as…</translation>
        </message>
        <message>
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>共 {n} 页 · SHA-256 {sha}</source>
            <translation>{n} pages · SHA-256 {sha}</translation>
        </message>
        <message>
            <source>另存为</source>
            <translation>Save as</translation>
        </message>
        <message>
            <source>PDF 文件 (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
    </context>
    <context>
        <name>ImportController</name>
        <message>
            <location filename="../../workstation/ui/importing.py" line="+137" />
            <source>选择要导入案卷 {case_no} 的文件</source>
            <translation>Choose files to import into {case_no}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷文件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.mp4 *.mov *.avi *.mp3 *.wav *.m4a *.amr);;所有文件 (*)</source>
            <translation>Case files (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.mp4 *.mov *.avi *.mp3 *.wav *.m4a *.amr);;All files (*)</translation>
        </message>
        <message>
            <location line="+5" />
            <source>选择带有 dossier.yaml 清单的案卷文件夹</source>
            <translation>Choose a dossier folder with a dossier.yaml manifest</translation>
        </message>
        <message>
            <location line="+8" />
            <source>已有导入正在进行，请等待其完成。</source>
            <translation>An import is running; please wait for it to finish.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>正在导入案卷文件夹 {name}…</source>
            <translation>Importing the dossier folder {name}…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>正在向案卷 {case_no} 导入 {n} 项…</source>
            <translation>Importing {n} entries into {case_no}…</translation>
        </message>
        <message>
            <location line="+11" />
            <source>导入完成：案卷 {case_no}，{n} 个文件</source>
            <translation>Import finished: {case_no}, {n} files</translation>
        </message>
        <message>
            <location line="+19" />
            <source>部分音视频未能生成缩略图或波形：{msg}</source>
            <translation>Thumbnails or waveforms could not be generated for some recordings: {msg}</translation>
        </message>
        <message>
            <location line="+5" />
            <source>检索索引或音视频派生文件未能生成（可稍后重试）：{msg}</source>
            <translation>The search index or media derivatives were not generated (you can retry later): {msg}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>正在为新文件建立检索索引并生成音视频缩略图…</source>
            <translation>Indexing the new files and generating media thumbnails…</translation>
        </message>
        <message>
            <source>检索索引未能更新（可稍后重试）：{msg}</source>
            <translation type="vanished">The search index was not updated (you can retry later): {msg}</translation>
        </message>
        <message>
            <source>正在为新文件建立检索索引…</source>
            <translation type="vanished">Indexing the new files for search…</translation>
        </message>
        <message>
            <location line="+5" />
            <source>导入已取消，案卷未作任何改动。</source>
            <translation>Import cancelled; nothing was changed.</translation>
        </message>
    </context>
    <context>
        <name>ImportResultsDialog</name>
        <message>
            <location line="-146" />
            <source>导入结果 — {case_no}</source>
            <translation>Import results — {case_no}</translation>
        </message>
        <message>
            <location line="+3" />
            <source>新建案卷，</source>
            <translation>new case, </translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷 {case_no}：{created}导入 {n} 个文件，重复 {dup} 个，不可用 {bad} 个。</source>
            <translation>{case_no}: {created}{n} files imported, {dup} duplicates, {bad} unusable.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>文件</source>
            <translation>File</translation>
        </message>
        <message>
            <location line="+0" />
            <source>结果</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <location line="+0" />
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <location line="+0" />
            <source>大小</source>
            <translation>Size</translation>
        </message>
        <message>
            <location line="+1" />
            <source>说明</source>
            <translation>Remark</translation>
        </message>
        <message>
            <location line="+8" />
            <source>与本案已有文件内容相同（件 {id}），未重复导入</source>
            <translation>Same content as item {id} of this case; not imported again</translation>
        </message>
        <message>
            <location line="+27" />
            <source>关闭</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>ItemPanel</name>
        <message>
            <location filename="../../workstation/ui/case/details.py" line="+7" />
            <source>文件信息</source>
            <translation>Item</translation>
        </message>
        <message>
            <location line="+3" />
            <source>在上方列表中选择一件文件，这里显示其著录信息与完整性。</source>
            <translation>Select an item in the list above to see its description and integrity here.</translation>
        </message>
        <message>
            <location line="+20" />
            <location line="+20" />
            <location line="+1" />
            <source>题名</source>
            <translation>Title</translation>
        </message>
        <message>
            <location line="-20" />
            <source>顺序号</source>
            <translation>Seq.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文号</source>
            <translation>Doc. no.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>责任者</source>
            <translation>Issued by</translation>
        </message>
        <message>
            <location line="+1" />
            <source>日期</source>
            <translation>Date</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文件类型</source>
            <translation>Document type</translation>
        </message>
        <message>
            <location line="+1" />
            <source>载体类型</source>
            <translation>Medium</translation>
        </message>
        <message>
            <location line="+1" />
            <source>密级</source>
            <translation>Classification</translation>
        </message>
        <message>
            <location line="+1" />
            <source>页数</source>
            <translation>Pages</translation>
        </message>
        <message>
            <location line="+1" />
            <source>页号</source>
            <translation>Pages</translation>
        </message>
        <message>
            <location line="+1" />
            <source>时长</source>
            <translation>Length</translation>
        </message>
        <message>
            <location line="+1" />
            <source>原始文件名</source>
            <translation>Original file name</translation>
        </message>
        <message>
            <location line="+1" />
            <source>大小</source>
            <translation>Size</translation>
        </message>
        <message>
            <location line="+1" />
            <source>格式</source>
            <translation>Format</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导入时间</source>
            <translation>Imported</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+5" />
            <location line="+1" />
            <source>完整性</source>
            <translation>Integrity</translation>
        </message>
        <message>
            <location line="-6" />
            <source>可用</source>
            <translation>Usable</translation>
        </message>
        <message>
            <location line="+1" />
            <source>不可用：{reason}</source>
            <translation>Unusable: {reason}</translation>
        </message>
    </context>
    <context>
        <name>ItemTree</name>
        <message>
            <location filename="../../workstation/ui/case/item_tree.py" line="+22" />
            <source>顺序号</source>
            <translation>Seq.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>题名</source>
            <translation>Title</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文号</source>
            <translation>Doc. no.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>责任者</source>
            <translation>Issued by</translation>
        </message>
        <message>
            <location line="+1" />
            <source>日期</source>
            <translation>Date</translation>
        </message>
        <message>
            <location line="+1" />
            <source>页号</source>
            <translation>Pages</translation>
        </message>
        <message>
            <location line="+1" />
            <source>页数/时长</source>
            <translation>Pages/length</translation>
        </message>
        <message>
            <location line="+1" />
            <source>密级</source>
            <translation>Classification</translation>
        </message>
        <message>
            <location line="+1" />
            <source>完整性</source>
            <translation>Integrity</translation>
        </message>
        <message>
            <location line="+47" />
            <source>{kind}（第 {seq} 卷）</source>
            <translation>{kind} (vol. {seq})</translation>
        </message>
        <message>
            <location line="+4" />
            <source>{n} 件，{p} 页</source>
            <translation>{n} items, {p} pages</translation>
        </message>
        <message>
            <location line="+18" />
            <source>{n} 页</source>
            <translation>{n} p.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>可用</source>
            <translation>Usable</translation>
        </message>
        <message>
            <location line="+0" />
            <source>不可用</source>
            <translation>Unusable</translation>
        </message>
    </context>
    <context>
        <name>Keys</name>
        <message>
            <location filename="../../workstation/ui/admin/edit_approvals.py" line="-34" />
            <location filename="../../workstation/ui/i18n.py" line="+112" />
            <source>待审批</source>
            <translation>Pending</translation>
        </message>
        <message>
            <location line="+1" />
            <source>修改中</source>
            <translation>Editing</translation>
        </message>
        <message>
            <location line="+1" />
            <source>时限已过</source>
            <translation>Window over</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已结束</source>
            <translation>Ended</translation>
        </message>
        <message>
            <location line="+1" />
            <location filename="../../workstation/ui/i18n.py" line="+2" />
            <source>已拒绝</source>
            <translation>Refused</translation>
        </message>
        <message>
            <location filename="../../workstation/ui/i18n.py" line="-109" />
            <source>正在存储文件并计算哈希（SHA-256、SM3）</source>
            <translation>Storing files and computing digests (SHA-256, SM3)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>正在计算哈希</source>
            <translation>Computing digests</translation>
        </message>
        <message>
            <location line="+1" />
            <source>正在加密存储</source>
            <translation>Encrypting</translation>
        </message>
        <message>
            <location line="+1" />
            <source>正在解密</source>
            <translation>Decrypting</translation>
        </message>
        <message>
            <location line="+1" />
            <source>正在建立检索索引</source>
            <translation>Indexing for search</translation>
        </message>
        <message>
            <location line="+1" />
            <source>正在校验存储文件</source>
            <translation>Verifying stored files</translation>
        </message>
        <message>
            <location line="+5" />
            <source>已导入</source>
            <translation>Imported</translation>
        </message>
        <message>
            <location line="+1" />
            <source>重复，未导入</source>
            <translation>Duplicate, not imported</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已导入（不可用）</source>
            <translation>Imported (unusable)</translation>
        </message>
        <message>
            <location line="+5" />
            <source>初始化档案库</source>
            <translation>Archive initialised</translation>
        </message>
        <message>
            <location line="+1" />
            <source>登录</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <location line="+1" />
            <source>退出登录</source>
            <translation>Sign out</translation>
        </message>
        <message>
            <location line="+1" />
            <source>空闲锁定</source>
            <translation>Idle lock</translation>
        </message>
        <message>
            <location line="+1" />
            <source>解锁</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <location line="+1" />
            <source>新增用户</source>
            <translation>New user</translation>
        </message>
        <message>
            <location line="+1" />
            <source>查看用户列表</source>
            <translation>List users</translation>
        </message>
        <message>
            <location line="+1" />
            <source>启用/停用账号</source>
            <translation>Enable/disable account</translation>
        </message>
        <message>
            <location line="+1" />
            <source>设置角色</source>
            <translation>Set roles</translation>
        </message>
        <message>
            <location line="+1" />
            <source>设置人员密级</source>
            <translation>Set clearance</translation>
        </message>
        <message>
            <location line="+1" />
            <source>修改密码</source>
            <translation>Change password</translation>
        </message>
        <message>
            <location line="+1" />
            <source>新建案卷</source>
            <translation>New case</translation>
        </message>
        <message>
            <location line="+1" />
            <source>查看案卷</source>
            <translation>View case</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导入</source>
            <translation>Import</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导入文件</source>
            <translation>Import file</translation>
        </message>
        <message>
            <location line="+1" />
            <source>打开文件</source>
            <translation>Open item</translation>
        </message>
        <message>
            <location line="+1" />
            <source>阅览文件</source>
            <translation>View item</translation>
        </message>
        <message>
            <location line="+1" />
            <source>确定密级</source>
            <translation>Classify</translation>
        </message>
        <message>
            <location line="+1" />
            <source>授权</source>
            <translation>Grant</translation>
        </message>
        <message>
            <location line="+1" />
            <source>查看授权</source>
            <translation>List grants</translation>
        </message>
        <message>
            <location line="+1" />
            <source>撤销授权</source>
            <translation>Revoke grant</translation>
        </message>
        <message>
            <location line="+1" />
            <source>新增访问规则</source>
            <translation>New access rule</translation>
        </message>
        <message>
            <location line="+1" />
            <source>查看访问规则</source>
            <translation>List rules</translation>
        </message>
        <message>
            <location line="+1" />
            <source>停用访问规则</source>
            <translation>Deactivate rule</translation>
        </message>
        <message>
            <location line="+1" />
            <source>提交调阅申请</source>
            <translation>Request access</translation>
        </message>
        <message>
            <location line="+1" />
            <source>批准调阅</source>
            <translation>Approve access</translation>
        </message>
        <message>
            <location line="+1" />
            <source>拒绝调阅</source>
            <translation>Refuse access</translation>
        </message>
        <message>
            <location line="+1" />
            <source>校验审计链</source>
            <translation>Verify chain</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导出审计日志</source>
            <translation>Export audit log</translation>
        </message>
        <message>
            <location line="+1" />
            <source>固定性校验</source>
            <translation>Fixity check</translation>
        </message>
        <message>
            <location line="+1" />
            <source>固定性校验发现问题</source>
            <translation>Fixity problem</translation>
        </message>
        <message>
            <location line="+1" />
            <source>更新检索索引</source>
            <translation>Update search index</translation>
        </message>
        <message>
            <location line="+1" />
            <source>重建检索索引</source>
            <translation>Rebuild search index</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查检索索引</source>
            <translation>Check search index</translation>
        </message>
        <message>
            <location line="+1" />
            <source>全文检索</source>
            <translation>Full-text search</translation>
        </message>
        <message>
            <location line="+1" />
            <source>创建主密钥</source>
            <translation>Master key created</translation>
        </message>
        <message>
            <location line="+1" />
            <source>加密存储原件</source>
            <translation>Encrypt stored original</translation>
        </message>
        <message>
            <location line="+1" />
            <source>启动恢复</source>
            <translation>Start-up recovery</translation>
        </message>
        <message>
            <location line="+1" />
            <source>归档（锁定案卷）</source>
            <translation>File (lock the case)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>调整件的顺序</source>
            <translation>Reorder items</translation>
        </message>
        <message>
            <location line="+1" />
            <source>移动件到其他卷</source>
            <translation>Move item to another volume</translation>
        </message>
        <message>
            <location line="+1" />
            <source>预览模板排序</source>
            <translation>Preview template order</translation>
        </message>
        <message>
            <location line="+1" />
            <source>按模板排序</source>
            <translation>Order by template</translation>
        </message>
        <message>
            <location line="+1" />
            <source>编页号</source>
            <translation>Number pages</translation>
        </message>
        <message>
            <location line="+1" />
            <source>编制档号</source>
            <translation>Assign archival code</translation>
        </message>
        <message>
            <location line="+1" />
            <source>生成卷内目录/备考表</source>
            <translation>Generate contents list/closing note</translation>
        </message>
        <message>
            <location line="+1" />
            <source>归档检查</source>
            <translation>Filing check</translation>
        </message>
        <message>
            <location line="+1" />
            <source>确认按现状归档</source>
            <translation>Accept as it is</translation>
        </message>
        <message>
            <location line="+1" />
            <source>申请归档后修改</source>
            <translation>Request post-filing edit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>批准归档后修改</source>
            <translation>Approve post-filing edit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>拒绝归档后修改</source>
            <translation>Refuse post-filing edit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>结束归档后修改</source>
            <translation>End post-filing edit</translation>
        </message>
        <message>
            <location line="+1" />
            <source>打开生成的表单</source>
            <translation>Open generated form</translation>
        </message>
        <message>
            <location line="+1" />
            <source>查看生成的表单</source>
            <translation>List generated forms</translation>
        </message>
        <message>
            <location line="+1" />
            <source>生成音视频预览</source>
            <translation>Make media preview</translation>
        </message>
        <message>
            <location line="+1" />
            <source>生成音视频派生文件</source>
            <translation>Make media derivative</translation>
        </message>
        <message>
            <location line="+1" />
            <source>创建音视频片段</source>
            <translation>Create clip</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导出音视频片段</source>
            <translation>Export clip</translation>
        </message>
        <message>
            <location line="+1" />
            <source>删除音视频片段</source>
            <translation>Remove clip</translation>
        </message>
        <message>
            <location line="+1" />
            <source>查看转写文本</source>
            <translation>View transcript</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导出转写文本</source>
            <translation>Export transcript</translation>
        </message>
        <message>
            <location line="+1" />
            <source>保存转写文本</source>
            <translation>Save transcript</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导入转写文本</source>
            <translation>Import transcript</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导出制作说明</source>
            <translation>Export production note</translation>
        </message>
        <message>
            <location line="+3" />
            <source>成功</source>
            <translation>Success</translation>
        </message>
        <message>
            <location line="+1" />
            <source>拒绝</source>
            <translation>Refuse</translation>
        </message>
        <message>
            <location line="+1" />
            <source>错误</source>
            <translation>Error</translation>
        </message>
        <message>
            <location line="+3" />
            <source>记录内容与其哈希不符</source>
            <translation>an event does not match its hash</translation>
        </message>
        <message>
            <location line="+1" />
            <source>与前一条记录的链接断开</source>
            <translation>the link to the previous event is broken</translation>
        </message>
        <message>
            <location line="+1" />
            <source>记录序号不连续（有记录被删除）</source>
            <translation>sequence gap (events deleted)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>最新记录被删除或篡改</source>
            <translation>the newest events were deleted or altered</translation>
        </message>
        <message>
            <location line="+5" />
            <source>查看</source>
            <translation>View</translation>
        </message>
        <message>
            <location line="+1" />
            <source>下载/导出</source>
            <translation>Download/export</translation>
        </message>
        <message>
            <location line="+1" />
            <source>编辑</source>
            <translation>Edit</translation>
        </message>
        <message>
            <location line="+3" />
            <source>有效</source>
            <translation>Active</translation>
        </message>
        <message>
            <location line="+1" />
            <source>未生效</source>
            <translation>Not yet valid</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已过期</source>
            <translation>Expired</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已撤销</source>
            <translation>Revoked</translation>
        </message>
        <message>
            <location line="+4" />
            <source>已批准</source>
            <translation>Approved</translation>
        </message>
        <message>
            <location line="+19" />
            <source>文档</source>
            <translation>Document</translation>
        </message>
        <message>
            <location line="+1" />
            <source>图片</source>
            <translation>Image</translation>
        </message>
        <message>
            <location line="+1" />
            <source>录音</source>
            <translation>Audio</translation>
        </message>
        <message>
            <location line="+1" />
            <source>录像</source>
            <translation>Video</translation>
        </message>
        <message>
            <location line="+1" />
            <source>其他</source>
            <translation>Other</translation>
        </message>
    </context>
    <context>
        <name>Launch</name>
        <message>
            <location filename="../../workstation/ui/launch.py" line="+70" />
            <source>档案库尚未初始化</source>
            <translation>Archive not initialised</translation>
        </message>
        <message>
            <location line="+1" />
            <source>请先运行 workstation init --admin 用户名 创建系统管理员账号。</source>
            <translation>Run “workstation init --admin NAME” first to create the system administrator.</translation>
        </message>
    </context>
    <context>
        <name>LockScreen</name>
        <message>
            <location filename="../../workstation/ui/lock.py" line="+97" />
            <source>工作站已锁定</source>
            <translation>Workstation locked</translation>
        </message>
        <message>
            <location line="+3" />
            <source>{user}（{roles}）
为保护案卷内容，屏幕已隐藏。请输入密码解锁。</source>
            <translation>{user} ({roles})
The screen is hidden to protect case content. Enter your password to unlock.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>密码</source>
            <translation>Password</translation>
        </message>
        <message>
            <location line="+3" />
            <source>解锁</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <location line="+3" />
            <source>退出登录</source>
            <translation>Sign out</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../workstation/ui/main_window.py" line="+70" />
            <source>案卷</source>
            <translation>Cases</translation>
        </message>
        <message>
            <location line="+6" />
            <location line="+141" />
            <source>全文检索</source>
            <translation>Full-text search</translation>
        </message>
        <message>
            <location line="-134" />
            <source>法制审核</source>
            <translation>Legal review</translation>
        </message>
        <message>
            <location line="+6" />
            <source>案卷评查</source>
            <translation>Case-file evaluation</translation>
        </message>
        <message>
            <location line="+7" />
            <source>申请与审批</source>
            <translation>Requests and approvals</translation>
        </message>
        <message>
            <location line="+0" />
            <source>调阅申请</source>
            <translation>Access requests</translation>
        </message>
        <message>
            <location line="+6" />
            <source>用户管理</source>
            <translation>Users</translation>
        </message>
        <message>
            <location line="+5" />
            <source>密级与授权</source>
            <translation>Classification and access</translation>
        </message>
        <message>
            <location line="+5" />
            <source>审计日志</source>
            <translation>Audit log</translation>
        </message>
        <message>
            <location line="+3" />
            <source>当前账号没有可用的功能，请联系系统管理员分配角色。</source>
            <translation>This account has no functions. Please ask the system administrator to assign a role.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>首页</source>
            <translation>Home</translation>
        </message>
        <message>
            <location line="+93" />
            <source>新建案卷…</source>
            <translation>New case…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导入文件…</source>
            <translation>Import files…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导入案卷文件夹…</source>
            <translation>Import dossier folder…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>打开</source>
            <translation>Open</translation>
        </message>
        <message>
            <location line="+1" />
            <source>关闭标签页</source>
            <translation>Close tab</translation>
        </message>
        <message>
            <location line="+1" />
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location line="+2" />
            <source>查找案卷</source>
            <translation>Find case</translation>
        </message>
        <message>
            <location line="+2" />
            <source>锁定工作站</source>
            <translation>Lock workstation</translation>
        </message>
        <message>
            <location line="+1" />
            <source>退出登录</source>
            <translation>Sign out</translation>
        </message>
        <message>
            <location line="+1" />
            <source>退出</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+185" />
            <source>快捷键</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <location line="-184" />
            <location line="+189" />
            <source>关于</source>
            <translation>About</translation>
        </message>
        <message>
            <location line="-179" />
            <source>文件(&amp;F)</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <location line="+7" />
            <source>查看(&amp;V)</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <location line="+3" />
            <source>工作站(&amp;W)</source>
            <translation>&amp;Workstation</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+154" />
            <source>界面语言</source>
            <translation>Language</translation>
        </message>
        <message>
            <location line="-145" />
            <source>帮助(&amp;H)</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <location line="+4" />
            <source>工具栏</source>
            <translation>Toolbar</translation>
        </message>
        <message>
            <location line="+24" />
            <source>用户：{name}（{user}）　角色：{roles}　部门：{dept}　人员密级：{level}</source>
            <translation>User: {name} ({user})   Role: {roles}   Department: {dept}   Clearance: {level}</translation>
        </message>
        <message>
            <location line="+6" />
            <source>（演示库）</source>
            <translation> (demo)</translation>
        </message>
        <message>
            <location line="+26" />
            <source>已创建案卷 {case_no}，可添加文件。</source>
            <translation>Case {case_no} created; you can add files now.</translation>
        </message>
        <message>
            <location line="+70" />
            <source>没有查阅案卷的权限，不能打开链接。</source>
            <translation>You have no permission to view case files, so the link cannot be opened.</translation>
        </message>
        <message>
            <location line="+9" />
            <source>已打开链接：{text}</source>
            <translation>Opened link: {text}</translation>
        </message>
        <message>
            <location line="+6" />
            <source>界面语言将在下次启动时切换为 {name}。</source>
            <translation>The interface language changes to {name} at the next start.</translation>
        </message>
        <message>
            <location line="+14" />
            <source>案卷归档与审查工作站
行政执法案卷的归档、阅览、授权调阅与审计。
原件按收到时原样保存，并记录 SHA-256 与 SM3 哈希。</source>
            <translation>Case-File Archive Workstation
Filing, viewing, authorised access and audit of administrative enforcement case files.
Originals are kept exactly as received, with SHA-256 and SM3 digests.</translation>
        </message>
        <message>
            <location line="+41" />
            <source>已解锁。</source>
            <translation>Unlocked.</translation>
        </message>
    </context>
    <context>
        <name>NewCaseDialog</name>
        <message>
            <location filename="../../workstation/ui/dialogs/new_case.py" line="+35" />
            <source>未填写</source>
            <translation>Not set</translation>
        </message>
        <message>
            <location line="+25" />
            <source>新建案卷</source>
            <translation>New case</translation>
        </message>
        <message>
            <location line="+3" />
            <source>如：某市监处罚〔2026〕12号</source>
            <translation>e.g. 某市监处罚〔2026〕12号</translation>
        </message>
        <message>
            <location line="+2" />
            <source>当事人 + 违法行为 + “案”，如：某某公司销售过期食品案</source>
            <translation>Party + violation + “案”, e.g. 某某公司销售过期食品案</translation>
        </message>
        <message>
            <location line="+3" />
            <source>身份证号或统一社会信用代码</source>
            <translation>ID card no. or unified social credit code</translation>
        </message>
        <message>
            <location line="+6" />
            <source>两名以上，用逗号分隔</source>
            <translation>Two or more, separated by commas</translation>
        </message>
        <message>
            <location line="+8" />
            <source>秘密级以上填写保密期限或解密条件</source>
            <translation>For Secret and above: secrecy term or declassification condition</translation>
        </message>
        <message>
            <location line="+6" />
            <source>案件信息</source>
            <translation>Case</translation>
        </message>
        <message>
            <location line="+4" />
            <source>案号 *</source>
            <translation>Case no. *</translation>
        </message>
        <message>
            <location line="+0" />
            <source>执法类别 *</source>
            <translation>Category *</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案卷题名 *</source>
            <translation>Title *</translation>
        </message>
        <message>
            <location line="+0" />
            <source>程序</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <location line="+1" />
            <source>当事人</source>
            <translation>Party</translation>
        </message>
        <message>
            <location line="+0" />
            <source>证件号码</source>
            <translation>ID no.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>案由</source>
            <translation>Cause</translation>
        </message>
        <message>
            <location line="+0" />
            <source>决定书文号</source>
            <translation>Decision no.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>承办机构</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <location line="+0" />
            <source>承办人</source>
            <translation>Case officers</translation>
        </message>
        <message>
            <location line="+1" />
            <source>立案日期</source>
            <translation>Opened</translation>
        </message>
        <message>
            <location line="+0" />
            <source>结案日期</source>
            <translation>Closed</translation>
        </message>
        <message>
            <location line="+9" />
            <source>保管与密级</source>
            <translation>Retention and classification</translation>
        </message>
        <message>
            <location line="+2" />
            <source>保管期限</source>
            <translation>Retention</translation>
        </message>
        <message>
            <location line="+1" />
            <source>密级</source>
            <translation>Classification</translation>
        </message>
        <message>
            <location line="+1" />
            <source>保密期限</source>
            <translation>Secrecy term</translation>
        </message>
        <message>
            <location line="+1" />
            <source>备注</source>
            <translation>Remarks</translation>
        </message>
        <message>
            <location line="+8" />
            <source>创建</source>
            <translation>Create</translation>
        </message>
        <message>
            <location line="+2" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location line="+34" />
            <source>案号</source>
            <translation>Case no.</translation>
        </message>
        <message>
            <location line="+0" />
            <source>案卷题名</source>
            <translation>Title</translation>
        </message>
        <message>
            <location line="+3" />
            <source>请填写：{fields}</source>
            <translation>Please fill in: {fields}</translation>
        </message>
    </context>
    <context>
        <name>NewPlanDialog</name>
        <message>
            <location filename="../../workstation/ui/evaluation/page.py" line="-461" />
            <source>新建评查计划</source>
            <translation>New evaluation plan</translation>
        </message>
        <message>
            <location line="+0" />
            <source>建立计划</source>
            <translation>Create plan</translation>
        </message>
        <message>
            <location line="+5" />
            <source>{year} 年度案卷评查</source>
            <translation>{year} case-file evaluation</translation>
        </message>
        <message>
            <location line="+1" />
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <location line="+7" />
            <source>评分表</source>
            <translation>Rubric</translation>
        </message>
        <message>
            <location line="+5" />
            <source>承办机构</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <location line="+2" />
            <source>执法类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <location line="+2" />
            <source>年度</source>
            <translation>Year</translation>
        </message>
        <message>
            <location line="+3" />
            <source>密级（不高于本人）</source>
            <translation>Classification (up to your own)</translation>
        </message>
        <message>
            <location line="+4" />
            <source>全部</source>
            <translation>All</translation>
        </message>
        <message>
            <location line="+2" />
            <source>随机种子（留空自动生成并记录）</source>
            <translation>Random seed (leave empty to generate and record one)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>随机抽取件数</source>
            <translation>Random sample size</translation>
        </message>
        <message>
            <location line="+2" />
            <source>双人评查</source>
            <translation>Two evaluators</translation>
        </message>
        <message>
            <location line="+1" />
            <source>背靠背（双方提交前互不可见）</source>
            <translation>Blind (neither sees the other’s sheet before submitting)</translation>
        </message>
        <message>
            <location line="+6" />
            <source>评查方式</source>
            <translation>Evaluation mode</translation>
        </message>
        <message>
            <location line="+4" />
            <source>评查员</source>
            <translation>Evaluator</translation>
        </message>
        <message>
            <location line="+17" />
            <source>请至少选择一个条件</source>
            <translation>Please choose at least one filter</translation>
        </message>
        <message>
            <location line="+7" />
            <source>符合条件、本人有权查阅的案卷：{n} 件</source>
            <translation>Matching cases you may view: {n}</translation>
        </message>
        <message>
            <location line="+6" />
            <source>随机种子应为正整数</source>
            <translation>The random seed must be a positive integer</translation>
        </message>
    </context>
    <context>
        <name>Ops</name>
        <message>
            <location filename="../../workstation/ui/ops.py" line="+249" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location line="+3" />
            <source>请稍候</source>
            <translation>Please wait</translation>
        </message>
        <message>
            <location line="+18" />
            <location line="+12" />
            <source>正在取消，已写入的部分将被撤回…</source>
            <translation>Cancelling; anything written so far is rolled back…</translation>
        </message>
        <message>
            <location line="+8" />
            <source>当前文件 {pct}%</source>
            <translation>current file {pct}%</translation>
        </message>
    </context>
    <context>
        <name>PdfViewer</name>
        <message>
            <source>查找中……</source>
            <translation>Searching…</translation>
        </message>
        <message>
            <source>未找到</source>
            <translation>Not found</translation>
        </message>
        <message>
            <source>（已查 {0}%）</source>
            <translation>({0}% searched)</translation>
        </message>
        <message>
            <source>输入页码后按回车跳转</source>
            <translation>Type a page number and press Enter</translation>
        </message>
        <message>
            <source>页码</source>
            <translation>Page</translation>
        </message>
        <message>
            <source>适合宽度</source>
            <translation>Fit width</translation>
        </message>
        <message>
            <source>缩放比例</source>
            <translation>Zoom</translation>
        </message>
        <message>
            <source>在文档中查找</source>
            <translation>Find in document</translation>
        </message>
        <message>
            <source>回车查找下一个，Shift+回车查找上一个</source>
            <translation>Enter: next match, Shift+Enter: previous</translation>
        </message>
        <message>
            <source>复制选中的文字</source>
            <translation>Copy the selected text</translation>
        </message>
        <message>
            <source>没有此件的“下载/导出”授权，不能选择或复制文字；如需摘录，请申请导出授权。</source>
            <translation>Without a download/export grant for this item, text cannot be selected or copied; request an export grant to quote from it.</translation>
        </message>
        <message>
            <source>正在打开……</source>
            <translation>Opening…</translation>
        </message>
        <message>
            <source>文档没有页面</source>
            <translation>The document has no pages</translation>
        </message>
    </context>
    <context>
        <name>PlansPanel</name>
        <message>
            <location filename="../../workstation/ui/evaluation/page.py" line="+51" />
            <source>评查计划</source>
            <translation>Evaluation plans</translation>
        </message>
        <message>
            <location line="+0" />
            <source>按承办机构、执法类别、年度和密级选取案卷（可随机抽取），分配评查员，跟踪进度。</source>
            <translation>Select cases by handling unit, category, year and classification (optionally a random sample), assign evaluators and track progress.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>新建计划…</source>
            <translation>New plan…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>分配评查员…</source>
            <translation>Assign evaluators…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>评查报告</source>
            <translation>Evaluation report</translation>
        </message>
        <message>
            <location line="+2" />
            <source>结束计划…</source>
            <translation>Close plan…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>结束后评分即为最终结果，不能再打分、更正、分配或合议</source>
            <translation>Once closed, the scores are final: no more scoring, corrections, assignments or reconciliation</translation>
        </message>
        <message>
            <location line="+6" />
            <source>计划</source>
            <translation>Plan</translation>
        </message>
        <message>
            <location line="+0" />
            <source>评分表</source>
            <translation>Rubric</translation>
        </message>
        <message>
            <location line="+0" />
            <source>方式</source>
            <translation>Mode</translation>
        </message>
        <message>
            <location line="+0" />
            <source>案卷</source>
            <translation>Cases</translation>
        </message>
        <message>
            <location line="+0" />
            <source>已提交</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <location line="+1" />
            <source>待合议</source>
            <translation>To reconcile</translation>
        </message>
        <message>
            <location line="+0" />
            <source>已完成</source>
            <translation>Completed</translation>
        </message>
        <message>
            <location line="+0" />
            <source>进度</source>
            <translation>Progress</translation>
        </message>
        <message>
            <location line="+9" />
            <source>案号</source>
            <translation>Case no.</translation>
        </message>
        <message>
            <location line="+0" />
            <source>题名</source>
            <translation>Title</translation>
        </message>
        <message>
            <location line="+0" />
            <source>承办机构</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <location line="+0" />
            <source>评查员</source>
            <translation>Evaluator</translation>
        </message>
        <message>
            <location line="+1" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="+0" />
            <source>得分</source>
            <translation>Score</translation>
        </message>
        <message>
            <location line="+0" />
            <source>等次</source>
            <translation>Grade</translation>
        </message>
        <message>
            <location line="+4" />
            <source>合议…</source>
            <translation>Reconcile…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>查看评分表</source>
            <translation>View score sheet</translation>
        </message>
        <message>
            <location line="+18" />
            <source>双人背靠背</source>
            <translation>Two, blind</translation>
        </message>
        <message>
            <location line="+0" />
            <source>双人</source>
            <translation>Two evaluators</translation>
        </message>
        <message>
            <location line="+0" />
            <source>单人</source>
            <translation>One evaluator</translation>
        </message>
        <message>
            <location line="+1" />
            <source>（已结束）</source>
            <translation> (closed)</translation>
        </message>
        <message>
            <location line="+50" />
            <source>指定案卷 {n} 件</source>
            <translation>Specified cases: {n}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>条件：{c}；候选 {n} 件</source>
            <translation>Filters: {c}; {n} candidates</translation>
        </message>
        <message>
            <location line="+2" />
            <source>，随机抽取 {k} 件（种子 {seed}）</source>
            <translation>, random sample of {k} (seed {seed})</translation>
        </message>
        <message>
            <location line="+2" />
            <source>；另有 {n} 件超出本人查阅范围</source>
            <translation>; {n} more beyond your access</translation>
        </message>
        <message>
            <location line="+2" />
            <source>；已于 {d} 由 {who} 结束</source>
            <translation>; closed on {d} by {who}</translation>
        </message>
        <message>
            <location line="+10" />
            <source>未分配</source>
            <translation>Unassigned</translation>
        </message>
        <message>
            <location line="+36" />
            <source>结束“{name}”后，评分即为最终结果，不能再打分、更正、分配或合议。</source>
            <translation>After closing “{name}” its scores are final: no more scoring, corrections, assignments or reconciliation.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>仍有 {n} 件案卷没有最终评分。</source>
            <translation>{n} cases still have no final score.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>结束评查计划</source>
            <translation>Close evaluation plan</translation>
        </message>
    </context>
    <context>
        <name>ProductionNoteForm</name>
        <message>
            <location filename="../../workstation/ui/media/production.py" line="+66" />
            <source>例如 执法记录仪现场摄录</source>
            <translation>e.g. recorded on site with a body-worn camera</translation>
        </message>
        <message>
            <location line="+2" />
            <source>设备型号</source>
            <translation>Device model</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+59" />
            <source>设备编号</source>
            <translation>Device serial no.</translation>
        </message>
        <message>
            <location line="-58" />
            <source>原始记录（不是复制件）</source>
            <translation>Original recording (not a copy)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>复制件：说明复制方法（例如 自记录仪导出至光盘）</source>
            <translation>Copy: describe how it was copied (e.g. exported from the camera to disc)</translation>
        </message>
        <message>
            <location line="+6" />
            <source>已校对记录设备的时钟</source>
            <translation>The recording device’s clock was checked</translation>
        </message>
        <message>
            <location line="+2" />
            <source>制作人姓名</source>
            <translation>Producer’s name</translation>
        </message>
        <message>
            <location line="+0" />
            <source>执法证号</source>
            <translation>Enforcement ID no.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>添加制作人</source>
            <translation>Add producer</translation>
        </message>
        <message>
            <location line="+2" />
            <source>删除所选</source>
            <translation>Delete selected</translation>
        </message>
        <message>
            <location line="+6" />
            <source>该音像资料证明的事实</source>
            <translation>Facts this recording proves</translation>
        </message>
        <message>
            <location line="+3" />
            <source>原始载体（如 执法记录仪存储卡），或无法提供的原因</source>
            <translation>Original medium (e.g. the body camera’s memory card), or why it cannot be provided</translation>
        </message>
        <message>
            <location line="+2" />
            <source>原始载体存放位置</source>
            <translation>Where the original medium is kept</translation>
        </message>
        <message>
            <location line="+3" />
            <source>填入“未剪辑”声明</source>
            <translation>Insert the “unedited” statement</translation>
        </message>
        <message>
            <location line="+3" />
            <source>录制中断的时间和原因（无则不填）</source>
            <translation>When and why the recording was interrupted (leave empty if it was not)</translation>
        </message>
        <message>
            <location line="+20" />
            <source>制作方法</source>
            <translation>Production method</translation>
        </message>
        <message>
            <location line="+1" />
            <source>记录设备</source>
            <translation>Recording device</translation>
        </message>
        <message>
            <location line="+2" />
            <source>原件/复制件</source>
            <translation>Original/copy</translation>
        </message>
        <message>
            <location line="+1" />
            <source>复制方法</source>
            <translation>Copy method</translation>
        </message>
        <message>
            <location line="+1" />
            <source>制作时间（起）</source>
            <translation>Recorded from</translation>
        </message>
        <message>
            <location line="+1" />
            <source>制作时间（止）</source>
            <translation>Recorded until</translation>
        </message>
        <message>
            <location line="+1" />
            <source>时钟校对</source>
            <translation>Clock check</translation>
        </message>
        <message>
            <location line="+1" />
            <source>制作人（≥2 人）</source>
            <translation>Producers (at least 2)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>证明对象</source>
            <translation>Facts proved</translation>
        </message>
        <message>
            <location line="+1" />
            <source>原始载体</source>
            <translation>Original medium</translation>
        </message>
        <message>
            <location line="+1" />
            <source>存放位置</source>
            <translation>Storage location</translation>
        </message>
        <message>
            <location line="+1" />
            <source>剪辑声明</source>
            <translation>Editing statement</translation>
        </message>
        <message>
            <location line="+1" />
            <source>中断说明</source>
            <translation>Interruptions</translation>
        </message>
        <message>
            <location line="+1" />
            <source>文字记录</source>
            <translation>Transcript</translation>
        </message>
        <message>
            <location line="+0" />
            <source>见“文字记录”页</source>
            <translation>See the “Transcript” tab</translation>
        </message>
        <message>
            <location line="+3" />
            <source>保存制作说明</source>
            <translation>Save production note</translation>
        </message>
        <message>
            <location line="+2" />
            <source>导出 PDF…</source>
            <translation>Export PDF…</translation>
        </message>
        <message>
            <location line="+105" />
            <source>✔ 制作说明齐全，未发现问题。</source>
            <translation>✔ The production note is complete; no problems found.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>制作说明有 {e} 处缺失或矛盾、{w} 处提醒（见各项下方）。</source>
            <translation>Production note: {e} missing or inconsistent, {w} warnings (see below each field).</translation>
        </message>
        <message>
            <location line="+15" />
            <source>正在保存制作说明…</source>
            <translation>Saving the production note…</translation>
        </message>
        <message>
            <location line="+7" />
            <source>导出制作说明到文件夹</source>
            <translation>Export production note to folder</translation>
        </message>
        <message>
            <location line="+5" />
            <source>已导出制作说明</source>
            <translation>Production note exported</translation>
        </message>
        <message>
            <location line="+1" />
            <source>正在导出制作说明…</source>
            <translation>Exporting the production note…</translation>
        </message>
    </context>
    <context>
        <name>ReconcileView</name>
        <message>
            <location filename="../../workstation/ui/evaluation/reconcile.py" line="+38" />
            <source>只看意见不一致和有扣分的评查项</source>
            <translation>Show only criteria with disagreements or deductions</translation>
        </message>
        <message>
            <location line="+9" />
            <source>评查项</source>
            <translation>Criterion</translation>
        </message>
        <message>
            <location line="+0" />
            <source>分值</source>
            <translation>Points</translation>
        </message>
        <message>
            <location line="+0" />
            <source>甲</source>
            <translation>A</translation>
        </message>
        <message>
            <location line="+0" />
            <source>乙</source>
            <translation>B</translation>
        </message>
        <message>
            <location line="+1" />
            <source>合议取</source>
            <translation>Agreed</translation>
        </message>
        <message>
            <location line="+14" />
            <source>合议意见</source>
            <translation>Reconciliation note</translation>
        </message>
        <message>
            <location line="+4" />
            <location line="+53" />
            <source>形成合议定稿</source>
            <translation>Form the reconciled final sheet</translation>
        </message>
        <message>
            <location line="-34" />
            <source>&lt;b&gt;{case_no}&lt;/b&gt;　{title}&lt;br&gt;甲：{a}（{sa} 分，{ga}）　乙：{b}（{sb} 分，{gb}）</source>
            <translation>&lt;b&gt;{case_no}&lt;/b&gt;　{title}&lt;br&gt;A: {a} ({sa} points, {ga})　B: {b} ({sb} points, {gb})</translation>
        </message>
        <message>
            <location line="+3" />
            <source>意见不一致 {n} 项</source>
            <translation>Disagreements: {n}</translation>
        </message>
        <message>
            <location line="+17" />
            <source>请选择</source>
            <translation>Choose…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>取甲</source>
            <translation>Take A</translation>
        </message>
        <message>
            <location line="+1" />
            <source>取乙</source>
            <translation>Take B</translation>
        </message>
        <message>
            <location line="+1" />
            <source>均不扣分</source>
            <translation>No deduction</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+22" />
            <source>合议改定…</source>
            <translation>Agreed deduction…</translation>
        </message>
        <message>
            <location line="-17" />
            <source>一致</source>
            <translation>Same</translation>
        </message>
        <message>
            <location line="+3" />
            <source>已有定稿：{score} 分 {grade}（第 {n} 稿）</source>
            <translation>Final sheet exists: {score} points, {grade} (revision {n})</translation>
        </message>
        <message>
            <location line="+2" />
            <source>重新合议</source>
            <translation>Reconcile again</translation>
        </message>
        <message>
            <location line="+32" />
            <source>合议改定</source>
            <translation>Agreed deduction</translation>
        </message>
    </context>
    <context>
        <name>ReportView</name>
        <message>
            <location filename="../../workstation/ui/evaluation/report.py" line="+111" />
            <source>范围</source>
            <translation>Scope</translation>
        </message>
        <message>
            <location line="+2" />
            <source>全部单位</source>
            <translation>All units</translation>
        </message>
        <message>
            <location line="+3" />
            <source>导出 PDF…</source>
            <translation>Export PDF…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>导出 XLSX…</source>
            <translation>Export XLSX…</translation>
        </message>
        <message>
            <location line="+19" />
            <source>评查项</source>
            <translation>Criterion</translation>
        </message>
        <message>
            <location line="+0" />
            <source>内容</source>
            <translation>Description</translation>
        </message>
        <message>
            <location line="+0" />
            <source>阶段</source>
            <translation>Stage</translation>
        </message>
        <message>
            <location line="+0" />
            <source>涉及案卷</source>
            <translation>Cases affected</translation>
        </message>
        <message>
            <location line="+1" />
            <source>扣分合计</source>
            <translation>Total deducted</translation>
        </message>
        <message>
            <location line="+1" />
            <source>承办机构</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <location line="+0" />
            <source>件数</source>
            <translation>Cases</translation>
        </message>
        <message>
            <location line="+0" />
            <source>平均分</source>
            <translation>Mean score</translation>
        </message>
        <message>
            <location line="+0" />
            <source>中位数</source>
            <translation>Median</translation>
        </message>
        <message>
            <location line="+1" />
            <source>单位等次</source>
            <translation>Unit grade</translation>
        </message>
        <message>
            <location line="+0" />
            <source>否决</source>
            <translation>Vetoed</translation>
        </message>
        <message>
            <location line="+3" />
            <source>常见问题（扣分最多的评查项）</source>
            <translation>Common problems (criteria with the most deductions)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>各单位比较</source>
            <translation>Unit comparison</translation>
        </message>
        <message>
            <location line="+8" />
            <source>正在统计…</source>
            <translation>Computing…</translation>
        </message>
        <message>
            <location line="+14" />
            <source>评查报告：{name}{scope}</source>
            <translation>Evaluation report: {name}{scope}</translation>
        </message>
        <message>
            <location line="+4" />
            <source>；随机抽取 {n} 件，种子 {seed}</source>
            <translation>; random sample of {n}, seed {seed}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>评分表 {name} 版本 {v}（{h}…）{seed}</source>
            <translation>Rubric {name} version {v} ({h}…){seed}</translation>
        </message>
        <message>
            <location line="+5" />
            <source>评查案卷 &lt;b&gt;{n}&lt;/b&gt; 件　平均分 &lt;b&gt;{mean}&lt;/b&gt;　中位数 &lt;b&gt;{median}&lt;/b&gt;　最高 {max}　最低 {min}　否决 {veto} 件　未完成 {pending} 件</source>
            <translation>Cases evaluated: &lt;b&gt;{n}&lt;/b&gt;　Mean &lt;b&gt;{mean}&lt;/b&gt;　Median &lt;b&gt;{median}&lt;/b&gt;　Highest {max}　Lowest {min}　Vetoed {veto}　Unfinished {pending}</translation>
        </message>
        <message>
            <location line="+5" />
            <source>各等次案卷数</source>
            <translation>Cases per grade</translation>
        </message>
        <message>
            <location line="+3" />
            <source>得分分布（件）</source>
            <translation>Score distribution (cases)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>各单位平均分</source>
            <translation>Mean score per unit</translation>
        </message>
        <message>
            <location line="+14" />
            <source>导出评查报告</source>
            <translation>Export evaluation report</translation>
        </message>
        <message>
            <location line="+10" />
            <source>正在生成报告…</source>
            <translation>Generating the report…</translation>
        </message>
    </context>
    <context>
        <name>RequestsPage</name>
        <message>
            <location filename="../../workstation/ui/admin/requests.py" line="+19" />
            <source>审批调阅申请；批准后申请人在期限内可查看该案卷。</source>
            <translation>Decide on access requests; once approved, the requester may view the case until the end date.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>需要查阅本人无权查看的案卷时，凭案号提交调阅申请，经批准后在期限内可查看。</source>
            <translation>To consult a case you may not view, request it by its case number; once approved you may view it until the end date.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>申请与审批</source>
            <translation>Requests and approvals</translation>
        </message>
        <message>
            <location line="+0" />
            <location line="+13" />
            <source>调阅申请</source>
            <translation>Access requests</translation>
        </message>
        <message>
            <location line="-12" />
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location line="+14" />
            <source>归档后修改申请</source>
            <translation>Post-filing edit requests</translation>
        </message>
        <message>
            <location line="+9" />
            <source>全部</source>
            <translation>All</translation>
        </message>
        <message>
            <location line="+6" />
            <source>批准…</source>
            <translation>Approve…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>拒绝…</source>
            <translation>Refuse…</translation>
        </message>
        <message>
            <location line="+4" />
            <source>全部调阅申请</source>
            <translation>All access requests</translation>
        </message>
        <message>
            <location line="+0" />
            <source>我的调阅申请</source>
            <translation>My access requests</translation>
        </message>
        <message>
            <location line="+4" />
            <location line="+7" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="-1" />
            <source>编号</source>
            <translation>ID</translation>
        </message>
        <message>
            <location line="+0" />
            <source>申请人</source>
            <translation>Requester</translation>
        </message>
        <message>
            <location line="+0" />
            <source>案号</source>
            <translation>Case no.</translation>
        </message>
        <message>
            <location line="+0" />
            <location line="+30" />
            <source>级别</source>
            <translation>Level</translation>
        </message>
        <message>
            <location line="-30" />
            <source>起始</source>
            <translation>From</translation>
        </message>
        <message>
            <location line="+1" />
            <source>截止</source>
            <translation>Until</translation>
        </message>
        <message>
            <location line="+0" />
            <source>审批人</source>
            <translation>Decided by</translation>
        </message>
        <message>
            <location line="+0" />
            <source>审批意见</source>
            <translation>Decision note</translation>
        </message>
        <message>
            <location line="+0" />
            <source>事由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location line="+14" />
            <source>新建调阅申请</source>
            <translation>New access request</translation>
        </message>
        <message>
            <location line="+2" />
            <source>如：某市监处罚〔2025〕12号</source>
            <translation>e.g. 某市监处罚〔2025〕12号</translation>
        </message>
        <message>
            <location line="+2" />
            <source>如：行政复议答辩需要查阅</source>
            <translation>e.g. needed for an administrative reconsideration</translation>
        </message>
        <message>
            <location line="+3" />
            <source>提交申请</source>
            <translation>Submit request</translation>
        </message>
        <message>
            <location line="+5" />
            <source>案号 *</source>
            <translation>Case no. *</translation>
        </message>
        <message>
            <location line="+1" />
            <source>事由 *</source>
            <translation>Reason *</translation>
        </message>
        <message>
            <location line="+5" />
            <source>截止日期</source>
            <translation>Until</translation>
        </message>
        <message>
            <location line="+13" />
            <source>请填写案号和事由。</source>
            <translation>Please enter the case no. and a reason.</translation>
        </message>
        <message>
            <location line="+12" />
            <source>已提交调阅申请（编号 {id}，案号 {case_no}），等待审批。</source>
            <translation>Access request {id} for {case_no} submitted; awaiting a decision.</translation>
        </message>
        <message numerus="yes">
            <location line="+29" />
            <source>共 %n 条申请</source>
            <translation>
                <numerusform>%n request</numerusform>
                <numerusform>%n requests</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ReviewDispute</name>
        <message>
            <source>取消</source>
            <translation type="vanished">Cancel</translation>
        </message>
        <message>
            <source>登记复核申请</source>
            <translation>Register re-review request</translation>
        </message>
        <message>
            <source>登记</source>
            <translation>Register</translation>
        </message>
        <message>
            <source>意见书 {number} 于 {day} 签发。承办机构对审核意见有异议的，应在收到意见书后 {n} 个工作日内申请复核。</source>
            <translation>Opinion {number} was signed on {day}. A handling unit that disagrees must request re-review within {n} working days of receiving it.</translation>
        </message>
        <message>
            <source>承办机构及申请人，如：执法一队 张三</source>
            <translation>Handling unit and applicant, e.g. 执法一队 张三</translation>
        </message>
        <message>
            <source>申请复核的理由（必填）</source>
            <translation>Reasons for the re-review request (required)</translation>
        </message>
        <message>
            <source>申请人</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>理由</source>
            <translation>Reasons</translation>
        </message>
        <message>
            <source>收到意见书</source>
            <translation>Opinion received</translation>
        </message>
        <message>
            <source>申请日期</source>
            <translation>Request date</translation>
        </message>
        <message>
            <source>有异议的审核要点（可不选）</source>
            <translation>Disputed checklist points (optional)</translation>
        </message>
        <message>
            <source>申请截止 {day}</source>
            <translation>Request deadline {day}</translation>
        </message>
        <message>
            <source>（申请日期已超过截止日）</source>
            <translation>(the request date is past the deadline)</translation>
        </message>
        <message>
            <source>复核答复</source>
            <translation>Re-review answer</translation>
        </message>
        <message>
            <source>答复</source>
            <translation>Answer</translation>
        </message>
        <message>
            <source>承办机构</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <source>{who} 于 {day} 申请复核：{reason}
原审核结论：{conclusion}；答复期限 {due}。</source>
            <translation>{who} requested re-review on {day}: {reason}
Original conclusion: {conclusion}; answer due {due}.</translation>
        </message>
        <message>
            <source>维持原审核意见</source>
            <translation>Uphold the opinion</translation>
        </message>
        <message>
            <source>变更审核意见</source>
            <translation>Change the opinion</translation>
        </message>
        <message>
            <source>答复的内容和理由（必填）</source>
            <translation>Content and reasons of the answer (required)</translation>
        </message>
        <message>
            <source>复核结果</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>新的审核结论</source>
            <translation>New conclusion</translation>
        </message>
        <message>
            <source>答复日期</source>
            <translation>Answer date</translation>
        </message>
        <message>
            <source>提请集体讨论</source>
            <translation>Refer to collective discussion</translation>
        </message>
        <message>
            <source>提请</source>
            <translation>Refer</translation>
        </message>
        <message>
            <source>复核答复（{day}）：{result}。承办机构仍有异议的，提请行政机关负责人集体讨论决定。</source>
            <translation>Re-review answer ({day}): {result}. If the handling unit still disagrees, the matter goes to the agency heads for collective discussion.</translation>
        </message>
        <message>
            <source>仍然存在的分歧（必填）</source>
            <translation>Remaining disagreement (required)</translation>
        </message>
        <message>
            <source>提请日期</source>
            <translation>Referral date</translation>
        </message>
        <message>
            <source>集体讨论决定</source>
            <translation>Collective discussion decision</translation>
        </message>
        <message>
            <source>记录决定</source>
            <translation>Record decision</translation>
        </message>
        <message>
            <source>{day} 提请集体讨论：{reason}</source>
            <translation>Referred to collective discussion on {day}: {reason}</translation>
        </message>
        <message>
            <source>如：局长 孙某</source>
            <translation>e.g. 局长 孙某</translation>
        </message>
        <message>
            <source>每行一人，如：副局长 李某</source>
            <translation>One per line, e.g. 副局长 李某</translation>
        </message>
        <message>
            <source>集体讨论的决定（必填）</source>
            <translation>Decision of the collective discussion (required)</translation>
        </message>
        <message>
            <source>（不关联）</source>
            <translation>(none)</translation>
        </message>
        <message>
            <source>第 </source>
            <translation type="vanished">page </translation>
        </message>
        <message>
            <source>讨论日期</source>
            <translation>Discussion date</translation>
        </message>
        <message>
            <source>主持人</source>
            <translation>Chair</translation>
        </message>
        <message>
            <source>参加人员</source>
            <translation>Participants</translation>
        </message>
        <message>
            <source>讨论结果</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <source>决定</source>
            <translation>Decision</translation>
        </message>
        <message>
            <source>讨论记录</source>
            <translation>Minutes</translation>
        </message>
        <message>
            <source>共 {n} 人（含主持人，至少 {min} 人）</source>
            <translation>{n} people (chair included, at least {min})</translation>
        </message>
        <message>
            <source>页码 </source>
            <translation>Page </translation>
        </message>
    </context>
    <context>
        <name>ReviewIntake</name>
        <message>
            <source>登记送审</source>
            <translation>Register submission</translation>
        </message>
        <message>
            <source>如：罚款、责令停产停业、吊销许可证</source>
            <translation>e.g. fine, order to suspend business, licence revocation</translation>
        </message>
        <message>
            <source>审核人员法律职业资格证号</source>
            <translation>Reviewer's legal professional qualification no.</translation>
        </message>
        <message>
            <source>送审日期</source>
            <translation>Submitted on</translation>
        </message>
        <message>
            <source>送审单位</source>
            <translation>Submitting unit</translation>
        </message>
        <message>
            <source>送审人</source>
            <translation>Submitted by</translation>
        </message>
        <message>
            <source>目录情形</source>
            <translation>Catalogue category</translation>
        </message>
        <message>
            <source>拟作决定种类</source>
            <translation>Proposed decision type</translation>
        </message>
        <message>
            <source>拟作决定内容</source>
            <translation>Proposed decision</translation>
        </message>
        <message>
            <source>依据</source>
            <translation>Legal basis</translation>
        </message>
        <message>
            <source>审核人员资格</source>
            <translation>Reviewer qualification</translation>
        </message>
        <message>
            <source>已收到的送审材料（* 为必备）</source>
            <translation>Materials received (* required)</translation>
        </message>
        <message>
            <source>补正送审材料</source>
            <translation>Add submission materials</translation>
        </message>
        <message>
            <source>勾选现已收到的材料：</source>
            <translation>Tick the materials now received:</translation>
        </message>
        <message>
            <source>受理送审</source>
            <translation>Accept submission</translation>
        </message>
        <message>
            <source>受理日期</source>
            <translation>Accepted on</translation>
        </message>
        <message>
            <source>审核期限自受理次日起按工作日计算。</source>
            <translation>The review deadline counts working days from the day after acceptance.</translation>
        </message>
        <message>
            <source>退回送审材料</source>
            <translation>Return submission</translation>
        </message>
        <message>
            <source>退回理由，如：补正期限届满仍未补齐材料</source>
            <translation>Reason, e.g. materials still incomplete after the time allowed</translation>
        </message>
        <message>
            <source>理由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>延长审核期限</source>
            <translation>Extend review deadline</translation>
        </message>
        <message>
            <source> 个工作日</source>
            <translation> working days</translation>
        </message>
        <message>
            <source>延长</source>
            <translation>Extend by</translation>
        </message>
        <message>
            <source>批准人</source>
            <translation>Approved by</translation>
        </message>
        <message>
            <source>批准日期</source>
            <translation>Approved on</translation>
        </message>
    </context>
    <context>
        <name>ReviewWorkspace</name>
        <message>
            <source>打开</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>案卷</source>
            <translation>Case</translation>
        </message>
        <message>
            <source>选择一个案卷进行法制审核</source>
            <translation>Choose a case for legal review</translation>
        </message>
        <message>
            <source>全部类型</source>
            <translation>All types</translation>
        </message>
        <message>
            <source>所有人</source>
            <translation>Everyone</translation>
        </message>
        <message>
            <source>本人</source>
            <translation>Mine</translation>
        </message>
        <message>
            <source>仅本人可见</source>
            <translation>Private to me</translation>
        </message>
        <message>
            <source>删除所选批注</source>
            <translation>Delete selected annotation</translation>
        </message>
        <message>
            <source>全部类别</source>
            <translation>All categories</translation>
        </message>
        <message>
            <source>全部文件</source>
            <translation>All items</translation>
        </message>
        <message>
            <source>（仅本人）</source>
            <translation> (private)</translation>
        </message>
        <message>
            <source>打开关联的两端</source>
            <translation>Open both linked ends</translation>
        </message>
        <message>
            <source>在两个窗格中分别定位后，点击上方“关联两个窗格的位置”建立关联。</source>
            <translation>Find the position in each pane, then click “Link pane positions” above to link them.</translation>
        </message>
        <message>
            <source>要点</source>
            <translation>Point</translation>
        </message>
        <message>
            <source>结果</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Explanation</translation>
        </message>
        <message>
            <source>引用</source>
            <translation>Citations</translation>
        </message>
        <message>
            <source>说明（不符合时必填）</source>
            <translation>Explanation (required if not compliant)</translation>
        </message>
        <message>
            <source>引用当前位置</source>
            <translation>Cite current position</translation>
        </message>
        <message>
            <source>引用所选批注，或左右窗格当前的页/时间</source>
            <translation>Cite the selected annotation, or the current page/time of the left and right panes</translation>
        </message>
        <message>
            <source>保存要点</source>
            <translation>Save point</translation>
        </message>
        <message>
            <source>结论说明</source>
            <translation>Conclusion note</translation>
        </message>
        <message>
            <source>作出结论</source>
            <translation>Conclude</translation>
        </message>
        <message>
            <source>生成并预览意见书</source>
            <translation>Generate and preview legal review opinion</translation>
        </message>
        <message>
            <source>签发意见书</source>
            <translation>Sign and issue legal review opinion</translation>
        </message>
        <message>
            <source>本案尚未送审法制审核。</source>
            <translation>This case has not been submitted for legal review.</translation>
        </message>
        <message>
            <source>尚缺材料：</source>
            <translation>Missing materials: </translation>
        </message>
        <message>
            <source>结论：</source>
            <translation>Conclusion: </translation>
        </message>
        <message>
            <source>双击打开引用的页或时间</source>
            <translation>Double-click to open the cited page or time</translation>
        </message>
        <message>
            <source>%d 处引用</source>
            <translation>Citations: %d</translation>
        </message>
        <message>
            <source>无引用</source>
            <translation>No citations</translation>
        </message>
        <message>
            <source>已保存审核要点 %d</source>
            <translation>Review point %d saved</translation>
        </message>
        <message>
            <source>意见书草稿</source>
            <translation>Legal review opinion (draft)</translation>
        </message>
        <message>
            <source>意见书 </source>
            <translation>Legal review opinion </translation>
        </message>
        <message>
            <source>意见书已生成：</source>
            <translation>Legal review opinion generated: </translation>
        </message>
        <message>
            <source>意见书已签发</source>
            <translation>Legal review opinion issued</translation>
        </message>
        <message>
            <source>音视频播放组件不可用</source>
            <translation>The audio/video player is unavailable</translation>
        </message>
        <message>
            <source>选择要查看的文件</source>
            <translation>Choose an item to view</translation>
        </message>
        <message>
            <source>同步滚动</source>
            <translation>Sync scrolling</translation>
        </message>
        <message>
            <source>比对同一文书的两个版本时，左右两个 PDF 一起滚动</source>
            <translation>When comparing two versions of a document, the left and right PDFs scroll together</translation>
        </message>
        <message>
            <source>关联两个窗格的位置</source>
            <translation>Link pane positions</translation>
        </message>
        <message>
            <source>批注类别</source>
            <translation>Annotation category</translation>
        </message>
        <message>
            <source>法制审核</source>
            <translation>Legal review</translation>
        </message>
        <message>
            <location filename="../../workstation/ui/review/workspace.py" line="+40" />
            <source>选择</source>
            <translation>Select</translation>
        </message>
        <message>
            <location line="+0" />
            <source>高亮</source>
            <translation>Highlight</translation>
        </message>
        <message>
            <location line="+1" />
            <source>矩形</source>
            <translation>Rectangle</translation>
        </message>
        <message>
            <location line="+0" />
            <source>遮盖</source>
            <translation>Redact</translation>
        </message>
        <message>
            <location line="+1" />
            <source>批注</source>
            <translation>Annotation</translation>
        </message>
        <message>
            <source>关联</source>
            <translation>Links</translation>
        </message>
        <message>
            <source>批注内容：</source>
            <translation>Annotation text:</translation>
        </message>
        <message>
            <source>已添加批注：%s</source>
            <translation>Annotation added: %s</translation>
        </message>
        <message>
            <source>两个窗格都须打开文件</source>
            <translation>Both panes must have a file open</translation>
        </message>
        <message>
            <source>意见书预览</source>
            <translation>Legal review opinion preview</translation>
        </message>
        <message>
            <source>登记送审…</source>
            <translation>Register submission…</translation>
        </message>
        <message>
            <source>补正材料…</source>
            <translation>Add materials…</translation>
        </message>
        <message>
            <source>受理…</source>
            <translation>Accept…</translation>
        </message>
        <message>
            <source>退回…</source>
            <translation>Return…</translation>
        </message>
        <message>
            <source>延长期限…</source>
            <translation>Extend deadline…</translation>
        </message>
        <message>
            <source>已登记送审</source>
            <translation>Submission registered</translation>
        </message>
        <message>
            <source>已登记补正材料</source>
            <translation>Additional materials recorded</translation>
        </message>
        <message>
            <source>已受理，审核期限已计算</source>
            <translation>Accepted; the review deadline has been calculated</translation>
        </message>
        <message>
            <source>送审材料已退回</source>
            <translation>Submission returned</translation>
        </message>
        <message>
            <source>审核期限已延长</source>
            <translation>Review deadline extended</translation>
        </message>
        <message>
            <source>复核与集体讨论</source>
            <translation>Re-review and collective discussion</translation>
        </message>
        <message>
            <source>登记复核申请…</source>
            <translation>Register re-review request…</translation>
        </message>
        <message>
            <source>复核答复…</source>
            <translation>Answer re-review…</translation>
        </message>
        <message>
            <source>提请集体讨论…</source>
            <translation>Refer to collective discussion…</translation>
        </message>
        <message>
            <source>集体讨论决定…</source>
            <translation>Collective discussion decision…</translation>
        </message>
        <message>
            <source>申请截止 {deadline}（{received} 收到意见书）</source>
            <translation>Request deadline {deadline} (opinion received {received})</translation>
        </message>
        <message>
            <source>答复期限 {due}</source>
            <translation>Answer due {due}</translation>
        </message>
        <message>
            <source>已逾期</source>
            <translation>overdue</translation>
        </message>
        <message>
            <source> · {day} 已答复</source>
            <translation> · answered {day}</translation>
        </message>
        <message>
            <source>逾期答复</source>
            <translation>answered late</translation>
        </message>
        <message>
            <source>未申请复核</source>
            <translation>No re-review requested</translation>
        </message>
        <message>
            <source>申请截止 {deadline}（按 {day} 签发当日收到计）</source>
            <translation>Request deadline {deadline} (counting receipt on the sign-off day {day})</translation>
        </message>
        <message>
            <source>承办机构对审核意见有异议的，可在收到意见书后 {n} 个工作日内申请复核；</source>
            <translation>A handling unit that disagrees may request re-review within {n} working days of receiving the opinion;</translation>
        </message>
        <message>
            <source>申请</source>
            <translation>Request</translation>
        </message>
        <message>
            <source>有异议的要点：</source>
            <translation>Disputed points: </translation>
        </message>
        <message>
            <source>，新的审核结论：</source>
            <translation>, new conclusion: </translation>
        </message>
        <message>
            <source>答复</source>
            <translation>Answer</translation>
        </message>
        <message>
            <source>提请集体讨论</source>
            <translation>Refer to collective discussion</translation>
        </message>
        <message>
            <source>集体讨论</source>
            <translation>Collective discussion</translation>
        </message>
        <message>
            <source>主持 {chair}；参加 {people}</source>
            <translation>Chaired by {chair}; present: {people}</translation>
        </message>
        <message>
            <source>结果：</source>
            <translation>Outcome: </translation>
        </message>
        <message>
            <source>决定：</source>
            <translation>Decision: </translation>
        </message>
        <message>
            <source>讨论记录：</source>
            <translation>Minutes: </translation>
        </message>
        <message>
            <source>件 %s</source>
            <translation>Item %s</translation>
        </message>
        <message>
            <source>第 %d 页</source>
            <translation>page %d</translation>
        </message>
        <message>
            <source>已登记复核申请</source>
            <translation>Re-review request registered</translation>
        </message>
        <message>
            <source>已作复核答复</source>
            <translation>Re-review answered</translation>
        </message>
        <message>
            <source>已提请集体讨论</source>
            <translation>Referred to collective discussion</translation>
        </message>
        <message>
            <source>已记录集体讨论决定</source>
            <translation>Collective discussion decision recorded</translation>
        </message>
        <message>
            <source>查看复核意见书</source>
            <translation>Open the re-review reply</translation>
        </message>
        <message>
            <source>复核意见书</source>
            <translation>Re-review reply</translation>
        </message>
    </context>
    <context>
        <name>RolesDialog</name>
        <message>
            <location filename="../../workstation/ui/admin/users.py" line="+14" />
            <source>设置角色 — {user}</source>
            <translation>Roles — {user}</translation>
        </message>
        <message>
            <location line="+0" />
            <source>保存</source>
            <translation>Save</translation>
        </message>
        <message>
            <location line="+3" />
            <source>角色</source>
            <translation>Role</translation>
        </message>
        <message>
            <location line="+6" />
            <source>请至少选择一个角色。</source>
            <translation>Please choose at least one role.</translation>
        </message>
    </context>
    <context>
        <name>ScoringView</name>
        <message>
            <location filename="../../workstation/ui/evaluation/scoring.py" line="+100" />
            <source>卷内文件</source>
            <translation>Items in the case</translation>
        </message>
        <message>
            <location line="+8" />
            <source>本案卷没有您可查看的文件。</source>
            <translation>This case has no items you may view.</translation>
        </message>
        <message>
            <location line="+31" />
            <location line="+15" />
            <location line="+50" />
            <source>评查项</source>
            <translation>Criterion</translation>
        </message>
        <message>
            <location line="-65" />
            <source>分值</source>
            <translation>Points</translation>
        </message>
        <message>
            <location line="+0" />
            <location line="+11" />
            <location line="+17" />
            <location line="+19" />
            <location line="+18" />
            <location line="+200" />
            <location line="+9" />
            <location line="+58" />
            <source>扣分</source>
            <translation>Deduct</translation>
        </message>
        <message>
            <location line="-319" />
            <location line="+250" />
            <source>请在上方评分表中选择评查项</source>
            <translation>Select a criterion in the score sheet above</translation>
        </message>
        <message>
            <location line="-241" />
            <source> 处</source>
            <translation> instances</translation>
        </message>
        <message>
            <location line="+8" />
            <source>扣分理由（必填）</source>
            <translation>Reason for the deduction (required)</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+34" />
            <source>理由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location line="-32" />
            <location line="+193" />
            <source>点击左侧文件的页面（或播放音视频）以确定位置</source>
            <translation>Click a page of an item on the left (or play the recording) to set the location</translation>
        </message>
        <message>
            <location line="-189" />
            <source>单页</source>
            <translation>Single page</translation>
        </message>
        <message>
            <location line="+1" />
            <source>至第 </source>
            <translation>to page </translation>
        </message>
        <message>
            <location line="+1" />
            <source> 页</source>
            <translation> </translation>
        </message>
        <message>
            <location line="+2" />
            <source>取当前位置</source>
            <translation>Use current position</translation>
        </message>
        <message>
            <location line="+5" />
            <location line="+19" />
            <source>位置</source>
            <translation>Location</translation>
        </message>
        <message>
            <location line="-9" />
            <source>对本评查项的意见（可不扣分，如提示性意见）</source>
            <translation>Remark on this item (possibly without a deduction, e.g. advice)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>保存</source>
            <translation>Save</translation>
        </message>
        <message>
            <location line="+4" />
            <source>本项意见</source>
            <translation>Item remark</translation>
        </message>
        <message>
            <location line="+7" />
            <source>删除所选扣分</source>
            <translation>Delete selected deduction</translation>
        </message>
        <message>
            <location line="+2" />
            <source>定位</source>
            <translation>Go to</translation>
        </message>
        <message>
            <location line="+1" />
            <source>在左侧打开所选扣分所在的页面或时间点（也可双击该行）</source>
            <translation>Open the page or time of the selected deduction on the left (or double-click the row)</translation>
        </message>
        <message>
            <location line="+4" />
            <source>评查意见</source>
            <translation>Evaluation comments</translation>
        </message>
        <message>
            <location line="+2" />
            <source>保存意见</source>
            <translation>Save comments</translation>
        </message>
        <message>
            <location line="+6" />
            <location line="+308" />
            <source>提交评分表</source>
            <translation>Submit score sheet</translation>
        </message>
        <message>
            <location line="-305" />
            <source>更正…</source>
            <translation>Correct…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>导出 PDF…</source>
            <translation>Export PDF…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>导出评分表 PDF（列出每项扣分及其位置）</source>
            <translation>Export the score sheet as PDF (every deduction with its location)</translation>
        </message>
        <message>
            <location line="+62" />
            <source>{n} 页</source>
            <translation>{n} p.</translation>
        </message>
        <message>
            <location line="+123" />
            <source>认定否决（不合格）</source>
            <translation>Apply veto (fail)</translation>
        </message>
        <message>
            <location line="+10" />
            <source>合议定稿</source>
            <translation>Reconciled final sheet</translation>
        </message>
        <message>
            <location line="+1" />
            <source>评查员：{name}</source>
            <translation>Evaluator: {name}</translation>
        </message>
        <message>
            <location line="+3" />
            <source>得分 {score}</source>
            <translation>Score {score}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>（否决）</source>
            <translation> (vetoed)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>草稿</source>
            <translation>Draft</translation>
        </message>
        <message>
            <location line="+0" />
            <source>已提交（只读）</source>
            <translation>Submitted (read-only)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>已被更正稿取代（只读）</source>
            <translation>Superseded by a correction (read-only)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>第 {n} 稿 · {status} · 扣 {d} 分</source>
            <translation>Revision {n} · {status} · {d} points deducted</translation>
        </message>
        <message>
            <location line="+6" />
            <location line="+8" />
            <source>否决</source>
            <translation>Veto</translation>
        </message>
        <message>
            <location line="+25" />
            <source>扣分（评分表只读）</source>
            <translation>Deductions (score sheet read-only)</translation>
        </message>
        <message>
            <location line="+60" />
            <source>提交后评分表只读，更正须另建更正稿并留痕。
当前得分 {score}，等次 {grade}。确定提交？</source>
            <translation>Once submitted, the score sheet is read-only; a correction needs a new, recorded correction sheet.
Current score {score}, grade {grade}. Submit?</translation>
        </message>
        <message>
            <location line="+4" />
            <source>提交</source>
            <translation>Submit</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+22" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location line="-3" />
            <source>更正评分表</source>
            <translation>Correct score sheet</translation>
        </message>
        <message>
            <location line="+1" />
            <source>更正理由（将记入审计日志）：</source>
            <translation>Reason for the correction (recorded in the audit log):</translation>
        </message>
        <message>
            <location line="+1" />
            <source>新建更正稿</source>
            <translation>New correction sheet</translation>
        </message>
        <message>
            <location line="+13" />
            <source>导出评分表</source>
            <translation>Export score sheet</translation>
        </message>
        <message>
            <location line="+12" />
            <source>正在生成评分表 PDF…</source>
            <translation>Generating the score sheet PDF…</translation>
        </message>
    </context>
    <context>
        <name>SearchPage</name>
        <message>
            <location filename="../../workstation/ui/search/search_page.py" line="+45" />
            <source>全文检索</source>
            <translation>Full-text search</translation>
        </message>
        <message>
            <location line="+0" />
            <source>检索您有权查看的案卷：PDF 正文、文件著录与案卷信息。</source>
            <translation>Search the cases you may view: PDF text, item descriptions and case data.</translation>
        </message>
        <message>
            <location line="+2" />
            <source>输入检索词，如：执法记录仪 罚款 NOT 简易</source>
            <translation>Search terms, e.g. 执法记录仪 罚款 NOT 简易</translation>
        </message>
        <message>
            <location line="+4" />
            <source>全部类别</source>
            <translation>All categories</translation>
        </message>
        <message>
            <location line="+4" />
            <source>年度，如 2025</source>
            <translation>Year, e.g. 2025</translation>
        </message>
        <message>
            <location line="+2" />
            <source>检索</source>
            <translation>Search</translation>
        </message>
        <message>
            <location line="+8" />
            <source>语法：空格或 AND/与 表示同时包含；OR/或 表示任一；NOT/非 或 -词 表示排除；"引号" 精确短语；字段：案号: 当事人: 题名: 文号: 责任者: 案由:；过滤：日期:2025-01..2025-06 年度:2025 类型:页面 密级:内部</source>
            <translation>Syntax: space or AND/与 = all terms; OR/或 = any; NOT/非 or -term = exclude; "quotes" = exact phrase; fields: 案号: 当事人: 题名: 文号: 责任者: 案由:; filters: 日期:2025-01..2025-06 年度:2025 类型:页面 密级:内部</translation>
        </message>
        <message>
            <location line="+9" />
            <source>上一页</source>
            <translation>Previous</translation>
        </message>
        <message>
            <location line="+1" />
            <source>下一页</source>
            <translation>Next</translation>
        </message>
        <message>
            <location line="+15" />
            <source>输入检索词后按回车。</source>
            <translation>Enter search terms and press Enter.</translation>
        </message>
        <message>
            <location line="+19" />
            <location line="+2" />
            <source>正在检索…</source>
            <translation>Searching…</translation>
        </message>
        <message>
            <location line="+16" />
            <source>共 {total} 处命中，用时 {ms} 毫秒</source>
            <translation>{total} hits in {ms} ms</translation>
        </message>
        <message>
            <location line="+3" />
            <source>没有找到匹配的内容。</source>
            <translation>Nothing found.</translation>
        </message>
        <message>
            <location line="+17" />
            <source>第 {p} 页</source>
            <translation>page {p}</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <location filename="../../workstation/ui/dialogs/sign_in.py" line="+22" />
            <location line="+39" />
            <location line="+84" />
            <source>登录</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <location line="-118" />
            <source>案卷归档与审查工作站</source>
            <translation>Case-File Archive Workstation</translation>
        </message>
        <message>
            <location line="+15" />
            <location line="+5" />
            <source>用户名</source>
            <translation>User name</translation>
        </message>
        <message>
            <location line="-3" />
            <location line="+4" />
            <source>密码</source>
            <translation>Password</translation>
        </message>
        <message>
            <location line="+2" />
            <source>本系统记录全部操作并留存审计日志。连续输错密码 {n} 次，账号将锁定 {m} 分钟。</source>
            <translation>Every action is recorded in the audit log. After {n} wrong passwords in a row the account is locked for {m} minutes.</translation>
        </message>
        <message>
            <location line="+5" />
            <source>演示档案库：所有演示账号的密码均为 demo-pass-2026</source>
            <translation>Demo archive: every demo account's password is demo-pass-2026</translation>
        </message>
        <message>
            <location line="+9" />
            <source>退出</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location line="+24" />
            <source>请输入用户名和密码。</source>
            <translation>Please enter your user name and password.</translation>
        </message>
        <message>
            <location line="+22" />
            <source>须修改密码后才能登录。</source>
            <translation>You must change your password to sign in.</translation>
        </message>
        <message>
            <location line="+35" />
            <source>正在登录…</source>
            <translation>Signing in…</translation>
        </message>
    </context>
    <context>
        <name>ThumbnailStrip</name>
        <message>
            <location filename="../../workstation/ui/media/thumbs.py" line="+129" />
            <source>单击转到 {t}</source>
            <extracomment>as many as the derivatives made right after import (``ws.make_derivatives``), so the stored strip is read, not made again</extracomment>
            <translation>Click to go to {t}</translation>
        </message>
    </context>
    <context>
        <name>TranscriptPane</name>
        <message>
            <location filename="../../workstation/ui/media/transcript.py" line="+75" />
            <source>版本</source>
            <translation>Version</translation>
        </message>
        <message>
            <location line="+2" />
            <source>已保存的各个版本（由谁、何时、来源、说明）；选择较早的版本只读查看</source>
            <translation>Saved versions (by whom, when, source, note); choose an earlier version to view it read-only</translation>
        </message>
        <message>
            <location line="+5" />
            <source>跟随播放</source>
            <translation>Follow playback</translation>
        </message>
        <message>
            <location line="+18" />
            <source>返回当前版本</source>
            <translation>Back to current version</translation>
        </message>
        <message>
            <location line="+7" />
            <source>起</source>
            <translation>Start</translation>
        </message>
        <message>
            <location line="+0" />
            <source>止</source>
            <translation>End</translation>
        </message>
        <message>
            <location line="+0" />
            <source>说话人</source>
            <translation>Speaker</translation>
        </message>
        <message>
            <location line="+0" />
            <source>内容</source>
            <translation>Text</translation>
        </message>
        <message>
            <location line="+1" />
            <source>核对</source>
            <translation>Checked</translation>
        </message>
        <message>
            <location line="+16" />
            <source>单击一行转到该段；双击起止时间、说话人或内容可直接修改</source>
            <translation>Click a row to go to that segment; double-click the start, end, speaker or text to edit it</translation>
        </message>
        <message>
            <location line="+4" />
            <source>在当前时间插入</source>
            <translation>Insert at current time</translation>
        </message>
        <message>
            <location line="+2" />
            <source>在当前时间拆分</source>
            <translation>Split at current time</translation>
        </message>
        <message>
            <location line="+2" />
            <source>与下一段合并</source>
            <translation>Merge with next segment</translation>
        </message>
        <message>
            <location line="+2" />
            <source>确认所选段</source>
            <translation>Confirm selected segments</translation>
        </message>
        <message>
            <location line="+1" />
            <source>核对后确认：自动转写的段落经人工确认后才作为正式文字记录</source>
            <translation>Confirm after checking: automatically transcribed segments become part of the official transcript only once a person confirms them</translation>
        </message>
        <message>
            <location line="+11" />
            <source>导入 SRT/VTT/TXT…</source>
            <translation>Import SRT/VTT/TXT…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>导出 SRT…</source>
            <translation>Export SRT…</translation>
        </message>
        <message>
            <location line="+2" />
            <source>导出 PDF 文字记录…</source>
            <translation>Export PDF transcript…</translation>
        </message>
        <message>
            <location line="+73" />
            <source>第 {v} 版{cur} · {when} · {who} · {src}</source>
            <translation>Version {v}{cur} · {when} · {who} · {src}</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+5" />
            <source>（当前）</source>
            <translation> (current)</translation>
        </message>
        <message>
            <location line="-1" />
            <source>第 {v} 版{cur}</source>
            <translation>Version {v}{cur}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>（历史版本）</source>
            <translation> (earlier version)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>说明：{note}</source>
            <translation>Note: {note}</translation>
        </message>
        <message>
            <location line="+1" />
            <source>{n} 段</source>
            <translation>Segments: {n}</translation>
        </message>
        <message>
            <location line="+2" />
            <source>{n} 段自动转写，需核对</source>
            <translation>Auto-transcribed segments to check: {n}</translation>
        </message>
        <message>
            <location line="+29" />
            <source>尚无文字记录。可导入 SRT/WebVTT/文本，或在当前时间插入一段。</source>
            <translation>No transcript yet. Import SRT/WebVTT/text, or insert a segment at the current time.</translation>
        </message>
        <message>
            <location line="+20" />
            <source>已核对</source>
            <translation>Checked</translation>
        </message>
        <message>
            <location line="+0" />
            <source>自动转写，需核对</source>
            <translation>Automatically transcribed, to be checked</translation>
        </message>
        <message>
            <location line="+19" />
            <source>第 {v} 版 · {src} · {who} · {when}</source>
            <translation>Version {v} · {src} · {who} · {when}</translation>
        </message>
        <message>
            <location line="+6" />
            <source> · {n} 段自动转写，需核对</source>
            <translation> · auto-transcribed segments to check: {n}</translation>
        </message>
        <message>
            <location line="+3" />
            <source>正在查看第 {v} 版（历史版本，只读），不是当前版本；当前版本为第 {cur} 版。</source>
            <translation>Viewing version {v} (earlier version, read-only), not the current one; the current version is {cur}.</translation>
        </message>
        <message>
            <location line="+78" />
            <location line="+6" />
            <location line="+42" />
            <source>正在保存文字记录…</source>
            <translation>Saving the transcript…</translation>
        </message>
        <message>
            <location line="+8" />
            <source>将起点设为当前位置（{t}）</source>
            <translation>Set the start to the current position ({t})</translation>
        </message>
        <message>
            <location line="+2" />
            <source>将终点设为当前位置（{t}）</source>
            <translation>Set the end to the current position ({t})</translation>
        </message>
        <message>
            <location line="+13" />
            <source>正在插入段落…</source>
            <translation>Inserting a segment…</translation>
        </message>
        <message>
            <location line="+12" />
            <source>正在拆分段落…</source>
            <translation>Splitting the segment…</translation>
        </message>
        <message>
            <location line="+11" />
            <source>正在合并段落…</source>
            <translation>Merging segments…</translation>
        </message>
        <message>
            <location line="+7" />
            <source>正在确认…</source>
            <translation>Confirming…</translation>
        </message>
        <message>
            <location line="+8" />
            <source>导入文字记录</source>
            <translation>Import transcript</translation>
        </message>
        <message>
            <location line="+1" />
            <source>字幕或文本 (*.srt *.vtt *.txt);;所有文件 (*)</source>
            <translation>Subtitles or text (*.srt *.vtt *.txt);;All files (*)</translation>
        </message>
        <message>
            <location line="+4" />
            <source>正在导入文字记录…</source>
            <translation>Importing the transcript…</translation>
        </message>
        <message>
            <location line="+7" />
            <source>导出文字记录到文件夹</source>
            <translation>Export transcript to folder</translation>
        </message>
        <message>
            <location line="+7" />
            <source>已导出文字记录</source>
            <translation>Transcript exported</translation>
        </message>
        <message>
            <location line="+0" />
            <source>第 {v} 版已导出为 {fmt}：
{path}
SHA-256 {sha}</source>
            <translation>Version {v} exported as {fmt}:
{path}
SHA-256 {sha}</translation>
        </message>
        <message>
            <location line="+4" />
            <source>正在导出文字记录…</source>
            <translation>Exporting the transcript…</translation>
        </message>
    </context>
    <context>
        <name>UsersPage</name>
        <message>
            <location filename="../../workstation/ui/admin/users.py" line="+16" />
            <source>用户管理</source>
            <translation>Users</translation>
        </message>
        <message>
            <location line="+0" />
            <source>系统管理员管理账号与角色；人员密级、授权由安全保密管理员负责。</source>
            <translation>The system administrator manages accounts and roles; clearances and grants belong to the security officer.</translation>
        </message>
        <message>
            <location line="+1" />
            <source>新增用户…</source>
            <translation>New user…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>设置角色…</source>
            <translation>Roles…</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+50" />
            <source>停用账号</source>
            <translation>Disable account</translation>
        </message>
        <message>
            <location line="-49" />
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location line="+8" />
            <source>按用户名、姓名或部门筛选</source>
            <translation>Filter by user name, name or department</translation>
        </message>
        <message>
            <location line="+3" />
            <source>用户名</source>
            <translation>User name</translation>
        </message>
        <message>
            <location line="+0" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location line="+0" />
            <source>角色</source>
            <translation>Role</translation>
        </message>
        <message>
            <location line="+0" />
            <source>部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <location line="+1" />
            <source>人员密级</source>
            <translation>Clearance</translation>
        </message>
        <message>
            <location line="+0" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location line="+0" />
            <source>锁定至</source>
            <translation>Locked until</translation>
        </message>
        <message>
            <location line="+27" />
            <source>启用</source>
            <translation>Enabled</translation>
        </message>
        <message>
            <location line="+0" />
            <source>停用</source>
            <translation>Disabled</translation>
        </message>
        <message numerus="yes">
            <location line="+3" />
            <source>共 %n 个账号</source>
            <translation>
                <numerusform>%n account</numerusform>
                <numerusform>%n accounts</numerusform>
            </translation>
        </message>
        <message>
            <location line="+7" />
            <source>启用账号</source>
            <translation>Enable account</translation>
        </message>
    </context>
    <context>
        <name>Vocab</name>
        <message>
            <location filename="../../workstation/ui/i18n.py" line="-17" />
            <source>处罚</source>
            <translation>Penalty</translation>
        </message>
        <message>
            <location line="+0" />
            <source>许可</source>
            <translation>Licensing</translation>
        </message>
        <message>
            <location line="+0" />
            <source>强制</source>
            <translation>Coercion</translation>
        </message>
        <message>
            <location line="+1" />
            <source>检查</source>
            <translation>Inspection</translation>
        </message>
        <message>
            <location line="+0" />
            <source>征收</source>
            <translation>Levy</translation>
        </message>
        <message>
            <location line="+0" />
            <source>征用</source>
            <translation>Requisition</translation>
        </message>
        <message>
            <location line="+1" />
            <source>其他</source>
            <translation>Other</translation>
        </message>
        <message>
            <location line="+0" />
            <source>一般</source>
            <translation>Ordinary</translation>
        </message>
        <message>
            <location line="+0" />
            <source>简易</source>
            <translation>Summary</translation>
        </message>
        <message>
            <location line="+1" />
            <source>永久</source>
            <translation>Permanent</translation>
        </message>
        <message>
            <location line="+0" />
            <source>定期30年</source>
            <translation>30 years</translation>
        </message>
        <message>
            <location line="+0" />
            <source>定期10年</source>
            <translation>10 years</translation>
        </message>
        <message>
            <location line="+1" />
            <source>公开</source>
            <translation>Public</translation>
        </message>
        <message>
            <location line="+0" />
            <source>内部</source>
            <translation>Internal</translation>
        </message>
        <message>
            <location line="+0" />
            <source>秘密</source>
            <translation>Secret</translation>
        </message>
        <message>
            <location line="+1" />
            <source>机密</source>
            <translation>Confidential</translation>
        </message>
        <message>
            <location line="+0" />
            <source>绝密</source>
            <translation>Top secret</translation>
        </message>
        <message>
            <location line="+0" />
            <source>正卷</source>
            <translation>Main volume</translation>
        </message>
        <message>
            <location line="+1" />
            <source>副卷</source>
            <translation>Internal volume</translation>
        </message>
        <message>
            <location line="+0" />
            <source>整理中</source>
            <translation>Compiling</translation>
        </message>
        <message>
            <location line="+0" />
            <source>已归档</source>
            <translation>Filed</translation>
        </message>
        <message>
            <location line="+1" />
            <source>系统管理员</source>
            <translation>System administrator</translation>
        </message>
        <message>
            <location line="+0" />
            <source>安全保密管理员</source>
            <translation>Security officer</translation>
        </message>
        <message>
            <location line="+1" />
            <source>安全审计员</source>
            <translation>Security auditor</translation>
        </message>
        <message>
            <location line="+0" />
            <source>归档员</source>
            <translation>Archivist</translation>
        </message>
        <message>
            <location line="+1" />
            <source>法制审核员</source>
            <translation>Legal reviewer</translation>
        </message>
        <message>
            <location line="+0" />
            <source>评查员</source>
            <translation>Evaluator</translation>
        </message>
        <message>
            <location line="+1" />
            <source>调阅人</source>
            <translation>Reader</translation>
        </message>
        <message>
            <location line="+0" />
            <source>负责人</source>
            <translation>Approver</translation>
        </message>
    </context>
    <context>
        <name>_FormDialog</name>
        <message>
            <source>取消</source>
            <translation type="vanished">Cancel</translation>
        </message>
    </context>
</TS>
