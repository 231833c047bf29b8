"""导出证据包: pick the exhibits (items, page ranges, clips) and their order, the Bates
settings, the recipient, redaction marks and the ZIP option; the export runs in a worker
with a cancellable progress dialog (workstation.ui.ops) and the result is shown in Chinese.
All checks (grants, approvals for classified items) are the facade's; refusals come back
as errors and are shown as such."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import InvalidInput, WorkstationError
from workstation.export.spec import (BATES_POSITIONS, DEFAULT_MARGIN_MM, MARGIN_MM_RANGE, AudioRedaction, Bates,
                                     BundleSpec, Part, Redaction, VideoMask, parse_ranges)
from workstation.jobs import Job
from workstation.ui.errors import error_text
from workstation.ui.ops import run_op

ROLE = Qt.ItemDataRole.UserRole
POSITION_NAMES = {"bottom-right": QT_TRANSLATE_NOOP("BundleDialog", "右下角"),
                  "bottom-left": QT_TRANSLATE_NOOP("BundleDialog", "左下角"),
                  "bottom-center": QT_TRANSLATE_NOOP("BundleDialog", "下方居中"),
                  "top-right": QT_TRANSLATE_NOOP("BundleDialog", "右上角"),
                  "top-left": QT_TRANSLATE_NOOP("BundleDialog", "左上角")}
KIND_NAMES = {"document": QT_TRANSLATE_NOOP("BundleDialog", "文书"), "image": QT_TRANSLATE_NOOP("BundleDialog", "图片"),
              "audio": QT_TRANSLATE_NOOP("BundleDialog", "录音"), "video": QT_TRANSLATE_NOOP("BundleDialog", "录像"),
              "other": QT_TRANSLATE_NOOP("BundleDialog", "其他")}
COL_NAME, COL_KIND, COL_PAGES, COL_PROVES = range(4)
AV_MODES = {QT_TRANSLATE_NOOP("BundleDialog", "静音"): "mute", QT_TRANSLATE_NOOP("BundleDialog", "提示音"): "tone",
            QT_TRANSLATE_NOOP("BundleDialog", "画面遮挡"): "mask"}


def _ms(ms) -> str:
    from workstation.media.timefmt import format_ms

    return format_ms(ms) if ms is not None else ""


class BundleDialog(QDialog):
    def __init__(self, ws, case_no: str, parent: QWidget | None = None, *, out_dir: str | Path | None = None):
        super().__init__(parent)
        self.ws = ws
        self.case_no = case_no
        self.result_data: dict | None = None
        self.handle = None
        self.annotations: list[dict] = []
        self.setObjectName("bundleDialog")
        self.setWindowTitle(self.tr("导出证据包 — %1").replace("%1", case_no))
        self.resize(1240, 760)

        # exhibits ------------------------------------------------------------------------
        self.tree = QTreeWidget(objectName="bundleTree")
        self.tree.setHeaderLabels([self.tr("证据（勾选并排序）"), self.tr("类型"), self.tr("页码范围"), self.tr("证明对象")])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in (COL_KIND, COL_PAGES, COL_PROVES):
            self.tree.header().setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(COL_KIND, 48)
        self.tree.setColumnWidth(COL_PAGES, 120)
        self.tree.setColumnWidth(COL_PROVES, 150)
        self.tree.setMinimumWidth(560)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.itemDoubleClicked.connect(self._edit_cell)
        self.up = QPushButton(self.tr("上移"), objectName="moveUp")
        self.down = QPushButton(self.tr("下移"), objectName="moveDown")
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.all_button = QPushButton(self.tr("全选可导出的件"), objectName="selectAll")
        self.all_button.clicked.connect(self._select_all)
        moves = QHBoxLayout()
        for b in (self.up, self.down, self.all_button):
            moves.addWidget(b)
        moves.addStretch(1)
        hint = QLabel(self.tr("页码范围如 1-3,5（留空为全部页）；录像、录音可勾选整件或其下的片段。"))
        hint.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.tree, 1)
        left.addLayout(moves)
        left.addWidget(hint)

        # settings ---------------------------------------------------------------------------
        self.prefix = QLineEdit(objectName="batesPrefix")
        self.prefix.setPlaceholderText(self.tr("如 ZJ"))
        self.start = QSpinBox(objectName="batesStart")
        self.start.setRange(0, 10**9)
        self.start.setValue(1)
        self.digits = QSpinBox(objectName="batesDigits")
        self.digits.setRange(1, 12)
        self.digits.setValue(6)
        self.position = QComboBox(objectName="batesPosition")
        for key in BATES_POSITIONS:
            self.position.addItem(self.tr(POSITION_NAMES[key]), key)
        self.margin = QDoubleSpinBox(objectName="batesMargin")
        self.margin.setRange(*MARGIN_MM_RANGE)
        self.margin.setSingleStep(0.5)
        self.margin.setDecimals(1)
        self.margin.setSuffix(" mm")
        self.margin.setValue(DEFAULT_MARGIN_MM)
        self.margin.setToolTip(self.tr("Bates 编号和页码距页边的距离。多数打印机印不到纸边约 5 毫米以内，打印时被裁掉请加大。"))
        self.preview = QLabel(objectName="batesPreview")
        for w in (self.prefix,):
            w.textChanged.connect(self._preview)
        self.start.valueChanged.connect(self._preview)
        self.digits.valueChanged.connect(self._preview)
        self.recipient = QLineEdit(objectName="recipient")
        self.recipient.setPlaceholderText(self.tr("如 某市某区人民法院（印入水印和证据目录）"))
        self.purpose = QLineEdit(self.tr("提交法院"), objectName="purpose")
        self.zip = QCheckBox(self.tr("同时生成 ZIP 文件"), objectName="zip")
        self.zip.setChecked(True)
        self.eep = QCheckBox(self.tr("附 DA/T 48 电子文件封装包（XML）"), objectName="eep")
        self.annotated = QCheckBox(self.tr("另附带批注的副本（干净副本不含批注）"), objectName="annotatedCopy")
        self.use_marks = QCheckBox(self.tr("应用案卷中的遮蔽批注"), objectName="useRedactionAnnotations")
        self.use_marks.setVisible(False)
        self.out_dir = QLineEdit(str(out_dir or Path.home()), objectName="outDir")
        browse = QPushButton(self.tr("浏览…"), objectName="browse")
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_dir, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Bates 前缀"), self.prefix)
        form.addRow(self.tr("起始号"), self.start)
        form.addRow(self.tr("位数"), self.digits)
        form.addRow(self.tr("位置"), self.position)
        form.addRow(self.tr("边距（毫米）"), self.margin)
        form.addRow(self.tr("示例"), self.preview)
        form.addRow(self.tr("提交对象"), self.recipient)
        form.addRow(self.tr("用途"), self.purpose)
        form.addRow(self.tr("保存到"), out_row)
        form.addRow(self.zip)
        form.addRow(self.eep)
        form.addRow(self.annotated)
        form.addRow(self.use_marks)
        settings = QWidget()
        settings.setLayout(form)

        # redactions ---------------------------------------------------------------------------
        self.redactions = QTableWidget(0, 7, objectName="redactions")
        self.redactions.setHorizontalHeaderLabels([self.tr("件号"), self.tr("页"), "x0", "y0", "x1", "y1",
                                                   self.tr("理由（代码或说明）")])
        self.redactions.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        add = QPushButton(self.tr("添加遮蔽"), objectName="addRedaction")
        add.clicked.connect(lambda: self.add_redaction())
        remove = QPushButton(self.tr("删除"), objectName="removeRedaction")
        remove.clicked.connect(self._remove_redaction)
        rrow = QHBoxLayout()
        rrow.addWidget(add)
        rrow.addWidget(remove)
        rrow.addStretch(1)
        rbox = QWidget()
        legend = QLabel(self.tr("坐标为 PDF 点（左上角为原点）。理由代码：P1 个人信息、P2 未成年人、T1 商业秘密、"
                                "S1 国家秘密、S2 工作秘密、L1 无关第三人、O 其他。"))
        legend.setWordWrap(True)
        rl = QVBoxLayout(rbox)
        rl.addWidget(legend)
        rl.addWidget(self.redactions)
        rl.addLayout(rrow)

        # AV redactions -----------------------------------------------------------------------
        self.av_redactions = QTableWidget(0, 9, objectName="avRedactions")
        self.av_redactions.setHorizontalHeaderLabels([self.tr("对象"), self.tr("起（毫秒）"), self.tr("止（毫秒）"),
                                                      self.tr("方式"), "x", "y", "w", "h", self.tr("理由")])
        self.av_redactions.horizontalHeader().setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        add_av = QPushButton(self.tr("添加音视频遮蔽"), objectName="addAvRedaction")
        add_av.clicked.connect(lambda: self.add_av_redaction())
        remove_av = QPushButton(self.tr("删除"), objectName="removeAvRedaction")
        remove_av.clicked.connect(lambda: self.av_redactions.removeRow(self.av_redactions.currentRow())
                                  if self.av_redactions.currentRow() >= 0 else None)
        arow = QHBoxLayout()
        arow.addWidget(add_av)
        arow.addWidget(remove_av)
        arow.addStretch(1)
        abox = QWidget()
        alegend = QLabel(self.tr("只作用于导出的副本。对象：片段写 clip:片段号，整件写件号；时间为原件时间（毫秒或 hh:mm:ss.mmm）；"
                                 "方式：静音、提示音或画面遮挡（x、y、w、h 为像素）。"))
        alegend.setWordWrap(True)
        al = QVBoxLayout(abox)
        al.addWidget(alegend)
        al.addWidget(self.av_redactions)
        al.addLayout(arow)

        self.tabs = QTabWidget(objectName="bundleTabs")
        self.tabs.addTab(settings, self.tr("编号与提交对象"))
        self.tabs.addTab(rbox, self.tr("文书遮蔽"))
        self.tabs.addTab(abox, self.tr("音视频遮蔽"))
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addWidget(self.tabs, 4)

        self.result_label = QLabel(objectName="result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(self.tr("导出"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(self.result_label)
        lay.addWidget(self.buttons)
        self._preview()
        run_op(lambda: ws.bundle_sources(case_no), success=self._loaded, parent=self, serial=False)

    # ------------------------------------------------------------------ loading
    def _loaded(self, src: dict) -> None:
        self.tree.clear()
        for it in src["items"]:
            row = QTreeWidgetItem([it["title"], self.tr(KIND_NAMES.get(it["kind"], it["kind"])), "", ""])
            row.setData(COL_NAME, ROLE, ("item", it["id"]))
            row.setData(COL_KIND, ROLE, it["kind"])
            av = it["kind"] in ("audio", "video")
            if av:
                row.setText(COL_PAGES, _ms(it.get("duration_ms")))
            elif it.get("page_count"):
                row.setToolTip(COL_PAGES, self.tr("共 %1 页").replace("%1", str(it["page_count"])))
            flags = row.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if it["exportable"]:
                flags |= Qt.ItemFlag.ItemIsEditable
            else:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
                row.setToolTip(COL_NAME, self.tr("没有该件的“下载/导出”授权"))
            row.setFlags(flags)
            row.setCheckState(COL_NAME, Qt.CheckState.Unchecked)
            for clip in it.get("clips", []):
                child = QTreeWidgetItem([self.tr("片段：%1").replace("%1", clip["name"]), self.tr("片段"),
                                         f"{clip['start']}–{clip['end']}", ""])
                child.setData(COL_NAME, ROLE, ("clip", clip["id"]))
                child.setFlags(row.flags())
                child.setCheckState(COL_NAME, Qt.CheckState.Unchecked)
                row.addChild(child)
            self.tree.addTopLevelItem(row)
        self.tree.expandAll()
        self.annotations = list(src.get("redaction_annotations") or [])
        if self.annotations:
            self.use_marks.setText(self.tr("应用案卷中的遮蔽批注（%1 处）").replace("%1", str(len(self.annotations))))
            self.use_marks.setVisible(True)

    def rows(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out.append(top)
            out.extend(top.child(j) for j in range(top.childCount()))
        return out

    def row_for(self, kind: str, ident: int) -> QTreeWidgetItem | None:
        return next((r for r in self.rows() if r.data(COL_NAME, ROLE) == (kind, ident)), None)

    def _edit_cell(self, row: QTreeWidgetItem, column: int) -> None:
        if not row.flags() & Qt.ItemFlag.ItemIsEditable:
            return
        if column == COL_PROVES or (column == COL_PAGES and row.data(COL_KIND, ROLE) not in ("audio", "video", None)):
            self.tree.editItem(row, column)

    def _select_all(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.flags() & Qt.ItemFlag.ItemIsEnabled:
                top.setCheckState(COL_NAME, Qt.CheckState.Checked)

    def _move(self, step: int) -> None:
        row = self.tree.currentItem()
        if row is None:
            return
        parent = row.parent()
        if parent is None:
            i = self.tree.indexOfTopLevelItem(row)
            j = i + step
            if 0 <= j < self.tree.topLevelItemCount():
                expanded = row.isExpanded()
                self.tree.takeTopLevelItem(i)
                self.tree.insertTopLevelItem(j, row)
                row.setExpanded(expanded)
                self.tree.setCurrentItem(row)
        else:
            i = parent.indexOfChild(row)
            j = i + step
            if 0 <= j < parent.childCount():
                parent.takeChild(i)
                parent.insertChild(j, row)
                self.tree.setCurrentItem(row)

    def _preview(self) -> None:
        try:
            b = Bates(self.prefix.text(), self.start.value(), self.digits.value())
            self.preview.setText(f"{b.label(b.start)}、{b.label(b.start + 1)} …")
        except InvalidInput as exc:
            self.preview.setText(exc.message)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("选择保存证据包的文件夹"), self.out_dir.text())
        if path:
            self.out_dir.setText(path)

    def add_redaction(self, item_id: int | str = "", page: int | str = "", rect=("", "", "", ""), reason: str = "P1"):
        r = self.redactions.rowCount()
        self.redactions.insertRow(r)
        for c, v in enumerate([item_id, page, *rect, reason]):
            self.redactions.setItem(r, c, QTableWidgetItem(str(v)))

    def add_av_redaction(self, target: str = "", start="", end="", mode: str = "静音", box=("", "", "", ""),
                         reason: str = "P1") -> None:
        r = self.av_redactions.rowCount()
        self.av_redactions.insertRow(r)
        for c, v in enumerate([target, start, end, None, *box, reason]):
            if c == 3:
                combo = QComboBox()
                combo.addItems([self.tr(k) for k in AV_MODES])
                combo.setCurrentIndex(list(AV_MODES).index(mode) if mode in AV_MODES else 0)
                self.av_redactions.setCellWidget(r, 3, combo)
            else:
                self.av_redactions.setItem(r, c, QTableWidgetItem(str(v)))

    def _av_marks(self, parts: list[Part]) -> None:
        from workstation.media.timefmt import parse_time

        for r in range(self.av_redactions.rowCount()):
            cell = [(self.av_redactions.item(r, c).text().strip() if self.av_redactions.item(r, c) else "")
                    for c in range(9)]
            if not cell[0]:
                continue
            key = cell[0].lower().replace("：", ":")
            target = next((p for p in parts if (key.startswith("clip:") and str(p.clip_id) == key[5:].strip())
                           or (key.isdigit() and p.item_id == int(key) and p.clip_id is None)), None)
            if target is None:
                raise InvalidInput(reason=f"音视频遮蔽第 {r + 1} 行的对象 {cell[0]} 未被勾选")
            try:
                start, end = float(parse_time(cell[1])), float(parse_time(cell[2]))
            except (ValueError, WorkstationError):
                raise InvalidInput(reason=f"音视频遮蔽第 {r + 1} 行的起止时间无效") from None
            mode = AV_MODES[list(AV_MODES)[self.av_redactions.cellWidget(r, 3).currentIndex()]]
            if mode == "mask":
                try:
                    x, y, w, h = (int(float(v)) for v in cell[4:8])
                except ValueError:
                    raise InvalidInput(reason=f"音视频遮蔽第 {r + 1} 行的遮挡框须为 4 个数") from None
                target.masks.append(VideoMask(start, end, x, y, w, h, cell[8] or "O"))
            else:
                target.audio_redactions.append(AudioRedaction(start, end, mode, cell[8] or "O"))

    def _remove_redaction(self) -> None:
        r = self.redactions.currentRow()
        if r >= 0:
            self.redactions.removeRow(r)

    # ------------------------------------------------------------------ the selection
    def spec(self) -> BundleSpec:
        parts: list[Part] = []
        for row in self.rows():
            if row.checkState(COL_NAME) != Qt.CheckState.Checked:
                continue
            kind, ident = row.data(COL_NAME, ROLE)
            proves = row.text(COL_PROVES).strip()
            if kind == "clip":
                parts.append(Part(clip_id=ident, proves=proves))
                continue
            pages = row.text(COL_PAGES).strip() if row.data(COL_KIND, ROLE) not in ("audio", "video") else ""
            parts.append(Part(item_id=ident, pages=parse_ranges(pages) if pages else None, proves=proves))
        if not parts:
            raise InvalidInput(key="empty_bundle", reason="请至少勾选一项证据")
        self._av_marks(parts)
        marks = []
        for r in range(self.redactions.rowCount()):
            cells = [(self.redactions.item(r, c).text().strip() if self.redactions.item(r, c) else "") for c in range(7)]
            if not any(cells[:6]):
                continue
            try:
                marks.append(Redaction(item_id=int(cells[0]), page=int(cells[1]),
                                       rect=tuple(float(v) for v in cells[2:6]), reason=cells[6]))
            except ValueError:
                raise InvalidInput(reason=f"第 {r + 1} 行遮蔽的件号、页码和坐标须为数字") from None
        return BundleSpec(case_no=self.case_no, parts=parts,
                          bates=Bates(self.prefix.text(), self.start.value(), self.digits.value(),
                                      self.position.currentData(), self.margin.value()),
                          recipient=self.recipient.text().strip(), purpose=self.purpose.text().strip() or "提交法院",
                          redactions=marks, redaction_annotations="all" if self.use_marks.isChecked() else [],
                          include_case_annotations=self.annotated.isChecked(), zip=self.zip.isChecked(),
                          eep=self.eep.isChecked())

    # ------------------------------------------------------------------ running
    def export(self) -> None:
        try:
            spec = self.spec()
            out = Path(self.out_dir.text().strip())
            if not out.is_dir():
                raise InvalidInput(reason=f"文件夹不存在：{out}")
        except WorkstationError as exc:
            self._show(exc.message, error=True)
            return
        self.export_button.setEnabled(False)
        self._show(self.tr("正在生成证据包…"))
        job = Job()
        self.handle = run_op(lambda: self.ws.export_bundle(spec, out, job=job), success=self._done,
                             failure=self._failed, cancelled=self._cancelled,
                             progress_label=self.tr("正在生成证据包…"), job=job, parent=self)

    def _show(self, text: str, *, error: bool = False) -> None:
        self.result_label.setText(text)
        self.result_label.setProperty("error", error)
        self.result_label.setStyleSheet("color: #b00020;" if error else "")

    def _done(self, res: dict) -> None:
        self.result_data = res
        self.export_button.setEnabled(True)
        lines = [self.tr("证据包已生成：%1").replace("%1", res["path"]),
                 self.tr("证据 %1 项，文书 %2 页，Bates %3，遮蔽 %4 处，文件 %5 个，用时 %6 秒。")
                 .replace("%1", str(res["exhibits"])).replace("%2", str(res["pages"])).replace("%3", res["bates"])
                 .replace("%4", str(res["redactions"])).replace("%5", str(res["files"]))
                 .replace("%6", str(res["seconds"]))]
        if res.get("zip"):
            lines.append(self.tr("ZIP：%1").replace("%1", res["zip"]))
        lines += [self.tr("注意：%1").replace("%1", w) for w in res.get("warnings", [])]
        self._show("\n".join(lines))

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        title, text = error_text(exc)
        self._show(self.tr("导出失败：%1").replace("%1", text), error=True)

    def _cancelled(self) -> None:
        self.export_button.setEnabled(True)
        self._show(self.tr("已取消，未留下任何文件。"))
