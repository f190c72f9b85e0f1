"""Published 自评表, transcribed as published: every row, label and number as the source has it.

The stored copies found are text extractions of the pages (empty cells collapsed), each cut off
before the end; the layout (which cells are merged, where an empty cell sits) is reconstructed
on the national template, and every row the copy loses is left out, never made up: so no form
here has its 总分 or 自评等级, and ``missing`` in each note says what is gone.
Punctuation is kept as the copies give it (half-width : ; ( ) mostly).
"""

from __future__ import annotations

from dataclasses import replace

from form_model import Form, FundRow, Funds, I, Layout, columns, gap

F = FundRow

# 池州市贵池区棠溪镇 (安徽), 2022年度, 委托业务项目.
# Source: http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2 — an attachment
# ("附件: 项目支出绩效自评表 (2022年度)") under a path that mirrors a 池州 government site's
# download area (the host itself is not a government domain). The page states no publication
# date; the document's own properties say created 2006-09-13 (the template), modified
# 2022-05-16T06:53:23Z. Missing: the stored text stops inside the 满意度指标(10分) row
# ("公众满…"): that row, 总分, 自评等级 and anything after are not transcribed.
# Real slip: 年度资金总额 0 / 0 / 0, 执行率 0, 得分 0, while 其中:本年财政拨款 carries
# 90 / 89.974 / 89.974 万元 → funds-total; by the rules 预算执行 scores 10.
CHIZHOU_NOTE_1 = (
    "real: 池州市贵池区棠溪镇人民政府 委托业务项目 (2022年度), "
    "http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2 (document modified 2022-05-16); "
    "missing: the 满意度 row, 总分, 自评等级 (the stored copy is cut off); "
    "slip: 年度资金总额 0/0/0 scored 0 while 本年财政拨款 is 90/89.974/89.974 → funds-total"
)

REAL_CHIZHOU_WEITUO = Form(
    name="real_chizhou_tangxi_2022_weituo",
    fmt="xlsx",
    title=("附件:", "项目支出绩效自评表", "(2022年度)"),
    project="委托业务项目",
    dept="219-池州市贵池区棠溪镇人民政府",
    unit="219001-池州市贵池区棠溪镇人民政府",
    money_unit="万元",
    funds=Funds(
        "项目资金 (万元)",
        F("年度资金总额:", "0", "0", "0", "10", "0", "0"),
        (F("其中:本年财政拨款", "90", "89.974", "89.974"), F("上年结转资金", None, None, None), F("其他资金", None, None, None)),
        merge_down=False,
    ),
    goal=(
        "本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;30万元用于基建工程项目设计、规划、测绘。",
        "本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;29.99万元用于基建工程项目设计、规划、测绘。",
    ),
    rows=(
        I("产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", "50", "8", "8"),
        I("产出指标(50分)", "质量指标", "委托业务报告合格率", "≥100百分比", "100", "8", "8"),
        I("产出指标(50分)", "质量指标", "经费支出合规性", "严格执行相关制度规定", "达成预期指标", "8", "8"),
        I("产出指标(50分)", "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", "8", "8"),
        I("产出指标(50分)", "成本指标", "项目总成本", "≤90万元", "90", "8", "8"),
        I("产出指标(50分)", "成本指标", "单项业务成本", "符合相关规定", "达成预期指标", "10", "10"),
        I("效益指标(30分)", "社会效益指标", "对维护基建市场公平的影响程度", "效果明显", "达成预期指标", "10", "10"),
        I("效益指标(30分)", "生态效益指标", "对控制基建项目成本影响程度", "效果明显", "达成预期指标", "10", "10"),
        I("效益指标(30分)", "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显", "达成预期指标", "10", "10"),
        gap("效益指标(30分)", "经济效益指标"),  # published with no 三级指标 and no values
    ),
    plants=(("funds-total", "资金总额"),),
    about="real (安徽 池州 棠溪镇, 2022): 一级 labels 产出指标(50分); 年度资金总额: with a colon; "
    "an 经济效益指标 row left empty; cut off before 满意度",
    note=CHIZHOU_NOTE_1,
)

# 池州市贵池区棠溪镇 (安徽), 2022年度, 村级补助及运转经费.
# Source: http://www.anthempetcare.com/upload_cz/download?id=502367&siteId=2 — the sibling
# attachment of the one above (same properties: modified 2022-05-16T06:53:23Z). Missing: the
# stored text stops at the 可持续影响… row: that row, the 满意度 row, 总分 and 自评等级. A line
# of dots after the 预期目标 text (filler in the cell) is left out.
# Real slip: the same empty 年度资金总额 (0 / 0 / 0, scored 0) over 202.64 / 132.912 / 132.912
# → funds-total; the 全年预算数 equals the 全年执行数, so by the rules 预算执行 scores 10.
REAL_CHIZHOU_CUNJI = Form(
    name="real_chizhou_tangxi_2022_cunji",
    fmt="xlsx",
    title=("附件:", "项目支出绩效自评表", "(2022年度)"),
    project="村级补助及运转经费",
    dept="219-池州市贵池区棠溪镇人民政府",
    unit="219001-池州市贵池区棠溪镇人民政府",
    money_unit="万元",
    funds=Funds(
        "项目资金 (万元)",
        F("年度资金总额:", "0", "0", "0", "10", "0", "0"),
        (F("其中:本年财政拨款", "202.64", "132.912", "132.912"), F("上年结转资金", None, None, None), F("其他资金", None, None, None)),
        merge_down=False,
    ),
    goal=(
        "本项目共申请预算资金2026400元,其中村级组织运转400000元,村民组长,党小组长基本报酬252000元,"
        "村民监督委员会 工资28000元,村级事务补助960000元,村级工作目标奖励100000元。",
        "本项目共完成预算资金1329120.67元,其中村级组织运转439120.67元,村民组长,党小组长基本报酬152000元,"
        "村民监督委员会 工资28000元,村级事务补助660000元,村级工作目标奖励50000元。",
    ),
    rows=(
        I("产出指标(50分)", "数量指标", "补助村(社区)数量", "=8个", "8", "8", "8"),
        I("产出指标(50分)", "数量指标", "保障村干部人数", "=42个", "42", "8", "8"),
        I("产出指标(50分)", "质量指标", "补助资格合规性", "合规", "达成预期指标", "8", "8"),
        I("产出指标(50分)", "质量指标", "经费审批流程规范性", "严格执行相关制度规定", "达成预期指标", "8", "8"),
        I("产出指标(50分)", "时效指标", "补助经费到位及时性", "及时", "达成预期指标", "8", "8"),
        I("产出指标(50分)", "成本指标", "项目总成本", "≤202.6万元", "132.9", "10", "10"),
        I("效益指标(30分)", "经济效益指标", "对保障村(社区)两委机构正常运行的影响程度", "效果明显", "达成预期指标", "10", "10"),
        I("效益指标(30分)", "社会效益指标", "提高村(社区)干部工作积极性的影响程度", "效果明显", "达成预期指标", "10", "10"),
    ),
    plants=(("funds-total", "资金总额"),),
    about="real (安徽 池州 棠溪镇, 2022): targets =8个 and ≤202.6万元; the same empty 年度资金总额; "
    "cut off before 可持续影响",
    note="real: 池州市贵池区棠溪镇人民政府 村级补助及运转经费 (2022年度), "
    "http://www.anthempetcare.com/upload_cz/download?id=502367&siteId=2 (document modified 2022-05-16); "
    "missing: the 可持续影响 and 满意度 rows, 总分, 自评等级; "
    "slip: 年度资金总额 0/0/0 scored 0 while 本年财政拨款 is 202.64/132.912/132.912 → funds-total",
)

# 鄂州市行政审批局 (湖北), 2021年度, 市民中心运行维护费.
# Source: https://zwfwzx.ezhou.gov.cn/zwgk/fdzdgknr/sgjfxx/202211/t20221108_506320.html —
# 鄂州市政务服务中心 site, 法定主动公开内容; 索引号 011217651/2022-01866, 发文单位 鄂州市行政审批局,
# 发文日期/发布日期 2022年11月04日; page title 项目支出绩效自评表 ( 2021 年度). 主管部门 and 实施单位
# are published empty. Blank rows are part of the published table (three 三级 slots per 二级,
# 时效指标 with none filled). Missing: the text stops at "社会效益 指标 | 岗…": that row and
# everything after (the rest of 效益, 满意度, 总分, 自评等级).
# Real slips: the funds row's 分值 is 100, not 10, and its 得分 98 is no product of the 83.5%
# rate (the rules give 8.35) → score; the 预算执行率 indicator, 83.5% of a 100% target worth
# 20, is given 18 with no 偏差原因 (the rules give 16.70) → score.
REAL_EZHOU = Form(
    name="real_ezhou_2021",
    fmt="xlsx",
    title=("项目支出绩效自评表", "( 2021 年度)"),
    project="市民中心运行维护费",
    dept="",
    unit="",
    money_unit="万元",
    funds=Funds(
        "项目资金 (万元)",
        F("年度资金总额", "150万", "150万", "125.25万", "100", "83.5%", "98"),
        (
            F("其中:当年财政拨款", "150万", "150万", "125.25万", "—", None, "—"),
            F("上年结转资金", "0", "0", "0", "—", None, "—"),
            F("其他资金", "0", "0", "0", "—", None, "—"),
        ),
        merge_down=False,
    ),
    goal=(
        "为更好的建设行政服务大厅窗口建设和全市行政服务工作的组织协调、业务指导及督办检查;市政务服务大厅及周边设施日常维修升级改造费用。",
        "本年度财政拨款为150万元:执行数为125.25万元,完成预算的83.50%。",
    ),
    rows=(
        I("产出指标", "数量指标", "预算执行率", "100%", "83.5%", "20", "18"),
        I("产出指标", "数量指标", "预算资金拨款率", "100%", "100%", "10", "10"),
        gap("产出指标", "数量指标"),
        I("产出指标", "质量指标", "政务服务工作办结率", "100%", "100%", "10", "10"),
        I("产出指标", "质量指标", "大厅业务日常考核结果", "100%", "100%", "10", "10"),
        gap("产出指标", "质量指标"),
        gap("产出指标", "时效指标"),
        gap("产出指标", "时效指标"),
        gap("产出指标", "时效指标"),
        I("产出指标", "成本指标", "市民中心运行维护费", "150万", "150万", "10", "10"),
        gap("产出指标", "成本指标"),
        gap("产出指标", "成本指标"),
        I("效益指标", "经济效益 指标", "大厅运行正常率", "100%", "100%", "10", "10"),
        gap("效益指标", "经济效益 指标"),
        gap("效益指标", "经济效益 指标"),
    ),
    layout=Layout(columns=columns("first", "second", "third", "target", "actual", "weight", "score", "reason", target="年度 指标值", actual="实际 完成值")),
    labels={"绩效指标": "绩 效 指 标"},
    plants=(("over-weight", "资金得分"), ("score", "预算执行率")),
    about="real (湖北 鄂州, 2021, a government site): 主管部门/实施单位 empty; amounts 150万 as text; "
    "blank rows inside merged groups; labels 绩 效 指 标, 年度 指标值; cut off in 社会效益",
    note="real: 鄂州市行政审批局 市民中心运行维护费 (2021年度), "
    "https://zwfwzx.ezhou.gov.cn/zwgk/fdzdgknr/sgjfxx/202211/t20221108_506320.html (published 2022-11-04); "
    "missing: from the 社会效益 row on (满意度, 总分, 自评等级); "
    "slips: funds 分值 100 and 得分 98 for an 83.5% rate (rules: 8.35) → score; "
    "预算执行率 indicator 18 of 20 for 83.5% (rules: 16.70), no reason → score",
)
REAL_EZHOU_DOCX = replace(REAL_EZHOU, fmt="docx")

# 丽江市古城区自然资源局 (云南), 2020年度, 2020年省级自然资源卫片执法补助经费.
# Source: http://m.jjiadianqingjie.com.cn/changyong/13241.html — a republication (时间:2021-06-28
# 17:07, 来源: 微信公众号 yn2553) of the form under the title 2020年云南省级自然资源卫片执法补助经费;
# the page shows it in traditional characters (the site converts); it is transcribed back in
# simplified characters, every number and sign as shown, ﹦ (U+FE66) kept. The 100% on the
# 当年财政拨款 row is placed under 执行率 (the copy does not show which column it was in).
# Missing: the 满意度 row's 得分 and everything after (总分, 自评等级): that row is left out.
# Real slip: four 定量 targets met exactly (﹦72890元, ﹦100%, ﹦100%, ≥95%) yet each docked
# 10% (9 of 10, 19 of 20, 19 of 20, 27 of 30) with no 偏差原因 → four no-reason.
REAL_LIJIANG = Form(
    name="real_lijiang_gucheng_2020",
    fmt="xlsx",
    title=("2020年度项目支出绩效自评表",),
    project="2020年省级自然资源卫片执法补助经费支出绩效自评表",
    dept="丽江市自然资源和规划局",
    unit="丽江市古城区自然资源局",
    money_unit="万元",
    funds=Funds(
        "项目资金 (万元)",
        F("年度资金总额", "7.29", "7.29", "7.29", "10.00", "100%", "10.00"),
        (F("其中:当年财政拨款", "7.29", "7.29", "7.29", None, "100%"), F("上年结转资金", None, None, None), F("其他资金", None, None, None)),
        merge_down=False,
    ),
    goal=("自然资源卫片执法补助经费", "自然资源卫片执法补助经费"),
    rows=(
        I("产出指标", "数量指标", "卫片执法补助经费", "72890", "72890", "10.00", "9.00", nature="﹦", unit="元"),
        I("产出指标", "质量指标", "项目验收合格率", "100", "100", "20", "19", nature="﹦", unit="%"),
        I("产出指标", "时效指标", "项目完成及时率", "100", "100", "20.00", "19.00", nature="﹦", unit="%"),
        I("效益指标", "社会效益指标", "违法行为责停率", "95", "95", "30.00", "27.00", nature="≥", unit="%"),
    ),
    layout=Layout(
        columns=columns("first", "second", "third", "nature", "target", "unit", "actual", "weight", "score", "reason", first="一级 指标", target="指标值"),
        block_label=False,
        two_row_header=True,
    ),
    labels={"年度总体目标": "年度 总体 目标"},
    plants=(("no-reason", "卫片执法补助经费"), ("no-reason", "项目验收合格率"), ("no-reason", "项目完成及时率"), ("no-reason", "违法行为责停率")),
    about="real (云南 丽江 古城区, 2020): 指标性质 ﹦ / ≥ with 指标值 and 度量单位 columns, 绩效指标 over "
    "the levels in a two-row header; cut off at the 满意度 row's 得分",
    note="real: 丽江市古城区自然资源局 2020年省级自然资源卫片执法补助经费 (2020年度), "
    "http://m.jjiadianqingjie.com.cn/changyong/13241.html (republished 2021-06-28 from 微信公众号 yn2553); "
    "missing: the 满意度 row (its 得分 is cut off), 总分, 自评等级; "
    "slip: four 定量 targets met exactly yet docked 10% each, no reason → 4 × no-reason",
)

REAL = (REAL_CHIZHOU_WEITUO, REAL_CHIZHOU_CUNJI, REAL_EZHOU, REAL_EZHOU_DOCX, REAL_LIJIANG)
