"""The clean forms: every number exactly what the rules give, so a reader must find nothing.

Partial scores are there on purpose (a deviation scored by the formula, with its reason), and two
of them fall exactly on a half cent (4.505 → 4.51, 9.365 → 9.37): half-up, not half-even.
Each form's content and layout are plain data; ``make_forms`` lays them out and checks them.
"""

from __future__ import annotations

from form_model import (
    BLANK,
    STANDARD,
    Form,
    FundRow,
    Funds,
    I,
    Layout,
    Num,
    columns,
    num,
    pct,
)

F = FundRow
TRAIL = (("填表人：", "李明", "联系电话：", "0000-0000000"), ("填报日期：", "2024年3月15日"))
TITLE = ("2023年度项目支出绩效自评表",)
TITLE2 = ("项目支出绩效自评表", "（2023年度）")

# Indicator column sets beside the standard one.
OPS_UNIT = columns("first", "second", "third", "nature", "target", "unit", "actual", "weight", "score", "reason", target="指标值")
UNIT_REMARK = columns("first", "second", "third", "target", "unit", "actual", "weight", "score", "reason", "remark")
REMARK = (*STANDARD, ("remark", "备注"))
WEIGHT_FIRST = columns("first", "second", "third", "weight", "target", "actual", "score", "reason")
ACTUAL_FIRST = columns("first", "second", "third", "actual", "target", "weight", "score", "reason")
NATURE = columns("first", "second", "third", "nature", "target", "actual", "weight", "score", "reason")


def money(text: str) -> Num:
    """An amount in 元 stored as a number, shown 1,200,000.00."""
    return num(text, "#,##0.00")


def n2(text: str) -> Num:
    """An amount in 万元 stored as a number, shown 150.00."""
    return num(text, "0.00")


def parts(*rows: tuple) -> tuple[FundRow, ...]:
    names = ("其中：当年财政拨款", "上年结转资金", "其他资金")
    return tuple(F(name, *row) for name, row in zip(names, rows, strict=True))


CLEAN_BASIC = Form(
    name="01_clean_basic",
    fmt="xlsx",
    title=TITLE,
    project="示例市城区公共厕所运营维护经费",
    dept="示例市城市管理局",
    unit="示例市环境卫生管理处",
    money_unit="元",
    funds=Funds(
        "项目资金（元）",
        F("年度资金总额", money("1200000"), money("1250000"), money("1250000"), num("10"), pct("1", "0.00%"), num("10")),
        parts((money("1200000"),) * 3, (money("0"), money("50000"), money("50000")), (money("0"),) * 3),
    ),
    goal=("维护城区公厕120座以上，设施完好率不低于95%，市民满意度不低于90%。", "全年维护公厕126座，设施完好率97%，市民满意度93%。"),
    rows=(
        I("产出指标", "数量指标", "维护公厕数量", "≥120座", "126座", num("10"), num("10")),
        I("产出指标", "数量指标", "日保洁作业频次", "≥2次/日", "2次/日", num("5"), num("5")),
        I("产出指标", "质量指标", "设施完好率", "≥95%", pct("0.97"), num("10"), num("10")),
        I("产出指标", "质量指标", "群众投诉处理率", "≥98%", pct("1"), num("5"), num("5")),
        I("产出指标", "时效指标", "故障修复及时率", "≥90%", pct("0.88"), num("10"), num("9.78"), "部分配件采购周期长，下年建立备件库"),
        I("产出指标", "成本指标", "单座年均维护成本", "≤10000元", "9920元", num("10"), num("10")),
        I("效益指标", "社会效益指标", "城区环境卫生状况", "有效改善", "达成", num("15"), num("14")),
        I("效益指标", "可持续影响指标", "公厕长效管护机制", "建立", "已建立", num("15"), num("15")),
        I("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%", pct("0.93"), num("10"), num("10")),
    ),
    total=num("98.78"),
    grade="优",
    trailing=TRAIL,
    about="the plain national layout: 一级/二级 merged, amounts and scores stored as numbers, "
    "percents as fractions with a % format, 自评等级 in its own row, 填表人 rows",
)

CLEAN_WORD = Form(
    name="02_clean_word",
    fmt="docx",
    title=TITLE2,
    project="示例市乡村振兴示范村建设补助资金",
    dept="示例市农业农村局",
    unit="示例市乡村振兴服务中心",
    money_unit="万元",
    funds=Funds(
        "项目资金",
        F("年度资金总额", "300.00", "320.00", "304.00", "10", "95.00%", "9.50"),
        parts(("300.00", "300.00", "288.00"), ("0.00", "20.00", "16.00"), ("", "", "")),
        corner="（万元）",
    ),
    goal=("建成乡村振兴示范村10个，村集体经济年收入平均增长5万元以上。", "建成示范村10个，其中8个按期完工；村集体经济年收入平均增长6.2万元。"),
    rows=(
        I("产出指标", "数量指标", "示范村建设数量", "≥10个", "10个", "15", "15"),
        I("产出指标", "质量指标", "项目验收合格率", "=100%", "100%", "15", "15"),
        I("产出指标", "时效指标", "项目完工及时率", "≥95%", "90%", "10", "9.47", "2个村受汛期影响延期完工，已督促于次年3月前完工"),
        I("产出指标", "成本指标", "项目总成本", "≤320万元", "304万元", "10", "10"),
        I("效益指标", "经济效益指标", "村集体经济年收入增长", "≥5万元", "6.2万元", "10", "10"),
        I("效益指标", "社会效益指标", "人居环境改善", "明显改善", "明显改善", "10", "9"),
        I("效益指标", "生态效益指标", "农村生活垃圾治理", "有效", "有效", "10", "10"),
        I("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", "10", "10"),
    ),
    total="97.97",
    grade="优",
    layout=Layout(grade_in="after"),
    about="Word, one table, title as paragraphs; the unit in a （万元） cell beside 项目资金; "
    "grade written after the total, 97.97（优）",
)

CLEAN_TEXTNUMS = Form(
    name="03_clean_textnums",
    fmt="xlsx",
    title=TITLE,
    project="样本县基层医疗卫生机构能力提升项目",
    dept="样本县卫生健康局",
    unit="样本县人民医院",
    money_unit="万元",
    funds=Funds(
        "项目资金（万元）",
        F("年度资金总额", "500.00", "480.00", "456.00", "10", "95%", "9.5"),
        parts(("500.00", "480.00", "456.00"), ("0", "0", "0"), ("0", "0", "0")),
    ),
    goal=("培训基层医务人员1000人次，购置医疗设备35台（套）。", "培训901人次，购置设备35台（套）并全部投入使用。"),
    rows=(
        I("产出指标", "数量指标", "培训基层医务人员", "1000", "901", "5", "4.51", "部分乡镇卫生院人员外派支援，培训延至次年", nature="≥", unit="人次"),
        I("产出指标", "数量指标", "购置医疗设备", "35", "35", "10", "10", nature="≥", unit="台（套）"),
        BLANK,
        I("产出指标", "质量指标", "设备验收合格率", "100", "100", "10", "10", nature="=", unit="%"),
        I("产出指标", "时效指标", "设备安装调试及时率", "95", "96", "10", "10", nature="≥", unit="%"),
        I("产出指标", "成本指标", "设备采购成本", "460", "448.2", "15", "15", nature="≤", unit="万元"),
        BLANK,
        I("效益指标", "社会效益指标", "基层首诊率提高", "2", "2.4", "15", "15", nature="≥", unit="个百分点"),
        I("效益指标", "可持续影响指标", "设备运维管理制度", "健全", "已建立并执行", "15", "13.5", nature="定性"),
        BLANK,
        I("满意度指标", "服务对象满意度指标", "患者满意度", "90", "92.5", "10", "10", nature="≥", unit="%"),
    ),
    total="97.51",
    grade="优",
    layout=Layout(columns=OPS_UNIT, two_row_header=True, merge_first=False, merge_second=False),
    trailing=TRAIL,
    about="every number stored as text, percents as text 95%; 指标性质 (≥ ≤ = 定性) and 度量单位 "
    "columns under a two-row header; 一级/二级 repeated on every row, not merged; blank rows; "
    "a half-cent score 4.505 → 4.51",
)

CLEAN_DOCX_UNMERGED = Form(
    name="04_clean_docx_unmerged",
    fmt="docx",
    title=TITLE,
    project="示例市中小学课后服务补助经费",
    dept="示例市教育局",
    unit="示例市第一实验小学",
    money_unit="元",
    funds=Funds(
        "项目资金（元）",
        F("年度资金总额", "1,860,000.00", "1,860,000.00", "1,767,000.00", "10", "95%", "9.5"),
        parts(("1,860,000.00", "1,860,000.00", "1,767,000.00"), ("0.00",) * 3, ("0.00",) * 3),
    ),
    goal=("为2400名学生提供课后服务，开设课程12门以上。", "服务学生2040人，开设课程9门，课后服务长效机制初步建立。"),
    rows=(
        I("产出指标", "数量指标", "参与课后服务学生人数", "≥2400", "2040", "15", "12.75", "部分学生转学或选择校外托管", unit="人"),
        I("产出指标", "数量指标", "课后服务课程开设门类", "≥12", "9", "10", "7.5", "师资不足，3门课程未能开设", unit="门"),
        I("产出指标", "时效指标", "补助资金按学期拨付率", "100", "100", "10", "10", unit="%"),
        I("产出指标", "成本指标", "生均课后服务补助", "≤800", "820", "15", "14.63", "教师课时补助标准上调", unit="元/生·学期"),
        I("效益指标", "社会效益指标", "学生课后托管需求满足率", "≥90", "81", "15", "13.5", "部分家庭需求为周末托管", unit="%"),
        I("效益指标", "可持续影响指标", "课后服务长效机制", "建立", "初步建立", "15", "10.5", remark="定性，部分达成"),
        I("满意度指标", "服务对象满意度指标", "家长满意度", "≥90", "88", "10", "9.78", "部分家长对课程丰富度期望较高", unit="%", remark="问卷调查"),
    ),
    total="88.16",
    grade="良",
    layout=Layout(columns=UNIT_REMARK, merge_first=False, merge_second=False, grade_in="after", docx_split=True),
    about="Word, two tables (the indicators in 表2); amounts with thousands commas; 度量单位 and 备注 "
    "columns; levels not merged; a ≤ target missed (target ÷ actual); 88.16（良）",
)

CLEAN_LOWER_BETTER = Form(
    name="15_clean_lower_better",
    fmt="docx",
    title=TITLE,
    project="样本县城乡生活垃圾清运处置",
    dept="样本县城市管理局",
    unit="样本县环境卫生服务中心",
    money_unit="元",
    funds=Funds(
        "项目资金（元）",
        F("年度资金总额", "3,000,000.00", "3,200,000.00", "3,136,000.00", "10", "98%", "9.8"),
        parts(("3,000,000.00", "3,000,000.00", "2,940,000.00"), ("0.00", "200,000.00", "196,000.00"), ("0.00",) * 3),
    ),
    goal=("城乡生活垃圾日产日清，无害化处理率不低于95%。", "日均清运186吨，无害化处理率98.5%，日产日清率97%。"),
    rows=(
        I("产出指标", "数量指标", "日均清运生活垃圾量", "≥180吨", "186吨", "10", "10"),
        I("产出指标", "数量指标", "清运覆盖行政村", "≥126个", "126个", "5", "5"),
        I("产出指标", "质量指标", "生活垃圾无害化处理率", "≥95%", "98.5%", "10", "10"),
        I("产出指标", "时效指标", "垃圾日产日清率", "≥98%", "97%", "10", "9.90", "雨雪天气部分偏远村清运延迟"),
        I("产出指标", "成本指标", "吨垃圾清运处置成本", "≤45元", "43.2元", "5", "5"),
        I("产出指标", "成本指标", "清运车辆燃油消耗", "≤187.3吨", "200吨", "10", "9.37", "新增清运线路，油耗增加"),
        I("效益指标", "社会效益指标", "村庄环境卫生状况", "明显改善", "明显改善", "15", "14"),
        I("效益指标", "生态效益指标", "垃圾随意倾倒现象", "有效遏制", "有效遏制", "15", "13.5"),
        I("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "91.2%", "10", "10"),
    ),
    total="96.57",
    grade="优",
    layout=Layout(merge_second=False),
    labels={"项目名称": "项 目 名 称"},
    about="Word; 一级 merged, 二级 repeated; a stray-spaced label 项 目 名 称; a ≤ target missed "
    "landing on a half cent (10 × 187.3 ÷ 200 = 9.365 → 9.37)",
)

CLEAN = (CLEAN_BASIC, CLEAN_WORD, CLEAN_TEXTNUMS, CLEAN_DOCX_UNMERGED, CLEAN_LOWER_BETTER)
