"""The demo city's org chart: 江临市 (fictional), its commission, eight dispatched groups, 24 units and ~300 cadres.

Commission, groups, units and cadres are created directly (they have no services yet); coverage and
dispatched staff go through the services' seeding entry points (`seed_coverage`, `seed_dispatch`):
no acting user and so no permission check, but the same one-group-per-unit and independence rules
and the same audit entries as 派驻机构管理部门's changes.
"""

import datetime

from . import services
from .models import Commission, DispatchedStaff, DispatchGroup, Person, Unit

CITY = "江临市"
COMMISSION_NAME = f"{CITY}纪委监委"
COVERAGE_START = datetime.date(2024, 1, 1)
COVERAGE_MOVED = datetime.date(2025, 7, 1)
GROUP_NUMERALS = "一二三四五六七八"

# Unit (without the city prefix), its short name, and departments (科室) besides the common ones.
UNITS: dict[str, tuple[str, tuple[str, ...]]] = {
    "发展和改革委员会": ("市发展改革委", ("国民经济综合科", "固定资产投资科", "价格管理科")),
    "教育局": ("市教育局", ("基础教育科", "职业教育与社会教育科", "教师工作科")),
    "财政局": ("市财政局", ("预算科", "国库科", "政府采购管理科")),
    "人力资源和社会保障局": ("市人力资源社会保障局", ("就业促进和失业保险科", "养老保险科", "劳动关系科")),
    "自然资源和规划局": ("市自然资源规划局", ("国土空间规划科", "耕地保护监督科", "不动产登记科")),
    "生态环境局": ("市生态环境局", ("环境影响评价与排放管理科", "大气环境科", "水生态环境科")),
    "住房和城乡建设局": ("市住房城乡建设局", ("建筑市场监管科", "房地产市场监管科", "城市建设科")),
    "交通运输局": ("市交通运输局", ("综合规划科", "公路管理科", "运输管理科")),
    "水利局": ("市水利局", ("水资源管理科", "河湖管理科", "水利工程建设科")),
    "农业农村局": ("市农业农村局", ("乡村产业发展科", "种植业管理科", "农村合作经济指导科")),
    "商务局": ("市商务局", ("对外贸易科", "市场运行和消费促进科", "外商投资管理科")),
    "文化广电旅游局": ("市文化广电旅游局", ("艺术科", "文物科", "资源开发科")),
    "卫生健康委员会": ("市卫生健康委", ("医政医管科", "疾病预防控制科", "基层卫生健康科")),
    "应急管理局": ("市应急管理局", ("安全生产综合协调科", "危险化学品安全监督管理科", "救援协调和预案管理科")),
    "审计局": ("市审计局", ("财政审计科", "经济责任审计科", "固定资产投资审计科")),
    "市场监督管理局": ("市市场监管局", ("登记注册科", "食品生产安全监督管理科", "价格监督检查和反不正当竞争科")),
    "统计局": ("市统计局", ("综合科", "国民经济核算科", "工业和能源统计科")),
    "医疗保障局": ("市医疗保障局", ("待遇保障科", "医药价格和招标采购科", "基金监管科")),
    "城市管理局": ("市城市管理局", ("市容环境卫生科", "城管执法监督科", "市政公用科")),
    "国有资产监督管理委员会": ("市国资委", ("产权管理科", "企业改革科", "财务监督与考核评价科")),
    "民政局": ("市民政局", ("社会救助科", "养老服务科", "社会组织管理科")),
    "司法局": ("市司法局", ("行政执法协调监督科", "公共法律服务管理科", "社区矫正管理科")),
    "退役军人事务局": ("市退役军人事务局", ("移交安置科", "就业创业科", "拥军优抚科")),
    "政务服务和数据管理局": ("市政务服务数据管理局", ("政务服务科", "数据资源管理科", "营商环境科")),
}
COMMON_DEPARTMENTS = ("组织人事科", "计划财务科", "政策法规科")

# Comprehensive dispatch: which group covers which units from COVERAGE_START (group ordinal → units).
COVERAGE: dict[int, tuple[str, ...]] = {
    1: ("发展和改革委员会", "统计局", "商务局"),
    2: ("财政局", "审计局", "国有资产监督管理委员会"),
    3: ("自然资源和规划局", "住房和城乡建设局", "城市管理局", "生态环境局"),
    4: ("教育局", "人力资源和社会保障局", "民政局", "退役军人事务局"),
    5: ("交通运输局", "水利局", "农业农村局"),
    6: ("卫生健康委员会", "医疗保障局"),
    7: ("文化广电旅游局", "应急管理局", "市场监督管理局", "政务服务和数据管理局"),
    8: ("司法局",),
}
# Mid-2025 the commission rebalanced: 退役军人事务局 moved from group 4 to group 8 (history is kept).
MOVED_UNIT = ("退役军人事务局", 8)
COVERAGE_START_REASON = "根据市委关于深化派驻机构改革的实施方案，实行综合派驻"
COVERAGE_MOVED_REASON = "根据市纪委监委常委会关于优化派驻监督布局的决定，调整由第八纪检监察组综合监督"
# Groups without authority to investigate duty crimes hand such clues to the commission.
GROUPS_WITHOUT_DUTY_CRIME_AUTHORITY = frozenset({7, 8})

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN_NAMES = """
建国 建华 建军 建平 建新 国强 国华 国平 国栋 国庆 志强 志刚 志明 志华 志勇 志远 文华 文斌 文杰 文涛 文静
明华 明辉 明亮 海涛 海燕 海波 海峰 晓东 晓峰 晓燕 晓梅 晓红 晓丽 晓光 立新 立群 立伟 永刚 永红 永平 红梅 红霞
秀英 秀兰 秀芳 丽娟 丽华 丽萍 玉兰 玉梅 玉华 春梅 春燕 春生 德明 德华 振华 振宇 宏伟 宏亮 宏斌 伟民 伟东
俊杰 俊峰 俊华 思远 永辉 丽君 海龙 剑锋 晓军 卫红 美玲 新民 新华 学军 学文 金龙 光明 庆丰 远航 卫东 卫国
爱华 爱民 静怡 燕萍 慧敏 淑芬 桂英 桂芳 凤英 敏华 丹丹 秀梅 鹏飞 亚男 亚军 少华 少波 长江 长青 继红 继伟
雪梅 雪峰 云飞 云霞 世杰 世明 荣华 兆丰 树林 树森 成龙 成刚 向阳 向东 跃进 朝阳 利民 安平 胜利 保国
婷婷 倩 芳 娜 敏 静 丽 艳 娟 霞 军 勇 磊 涛 斌 超 杰 峰 鑫 琳 洋 波 辉 健 刚 毅 彬 蕾 颖 璐
"""
GIVEN_NAMES = _GIVEN_NAMES.split()
# Real people a demo must not impersonate: leaders, officials named in famous cases, public figures.
_FAMOUS_NAMES = """
李强 王毅 蔡奇 李希 韩正 刘鹤 王晨 周强 张军 陈希 尹力 马凯 汪洋 李鹏 孙杨 刘翔 姚明 林丹 郎平 朱婷 成龙
王菲 莫言 马云 雷军 李宁 王楠 杨幂 孙俪 邓超 胡春华 王沪宁 赵乐际 丁薛祥 何立峰 刘国中 陈敏尔 李鸿忠 黄坤明
周永康 薄熙来 令计划 孙政才 郭伯雄 徐才厚 王立军 刘志军 苏荣 白恩培 王建林 张国荣 周杰伦 刘德华 黄晓明
赵丽颖 杨利伟 钟南山 袁隆平 屠呦呦 张学友 李连杰 刘亦菲 马化腾 刘强东 董明珠 许家印 王健林 王石
毛泽东 周恩来 朱德 刘少奇 邓小平 江泽民 胡锦涛 温家宝 朱镕基 吴邦国 贾庆林 李长春 张德江 俞正声 刘云山
张高丽 王岐山 李克强 杨洁篪 郭声琨 孙春兰 许其亮 栗战书 王勇 陈全国 李书磊 张国清 王小洪 谌贻琴 吴政隆
"""
FAMOUS_NAMES = frozenset(_FAMOUS_NAMES.split())


# SURNAMES runs from the most to the least common; weights fall off so 王/李/张 are frequent and 覃 rare.
SURNAME_WEIGHTS = [1 / (rank + 4) for rank in range(len(SURNAMES))]


def person_name(rng, taken: set[str]) -> str:
    """A plausible, unique, not famous Chinese name; added to `taken`."""
    while True:
        name = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0] + rng.choice(GIVEN_NAMES)
        if name not in taken and name not in FAMOUS_NAMES:
            taken.add(name)
            return name


def head_title(unit_name: str) -> str:
    return "主任" if unit_name.endswith("委员会") else "局长"


def _leadership(rng, unit: Unit, taken: set[str]) -> list[Person]:
    """5-7 members, exactly one main leader; all managed by the same-level party committee (市管干部)."""
    title = head_title(unit.name)
    party_body = "党委" if unit.name.endswith("国有资产监督管理委员会") else "党组"
    leaders = [(f"{party_body}书记、{title}", Person.Rank.DIVISION_CHIEF, True, True)]
    deputies = rng.randint(3, 4)
    for i in range(deputies):
        non_party = i == deputies - 1 and rng.random() < 0.3  # a 党外 deputy sits outside the party group
        post = f"副{title}" if non_party else f"{party_body}成员、副{title}"
        leaders.append((post, Person.Rank.DIVISION_DEPUTY, False, not non_party))
    for post in rng.sample(
        [f"{party_body}成员、机关党委书记", f"{party_body}成员、总经济师", f"{party_body}成员"], k=rng.randint(1, 2)
    ):
        leaders.append((post, Person.Rank.DIVISION_DEPUTY, False, True))
    return [
        Person(
            name=person_name(rng, taken),
            unit=unit,
            post=post,
            rank=rank,
            is_leadership_member=True,
            is_main_leader=main,
            is_party_member=party,
            management_level=Person.ManagementLevel.SAME_LEVEL_COMMITTEE,
        )
        for post, rank, main, party in leaders
    ]


def _staff(rng, unit: Unit, departments: tuple[str, ...], taken: set[str]) -> list[Person]:
    """Middle-level and staff cadres; the 办公室主任 comes first (the demo liaison is the one of 教育局)."""
    posts = [("办公室主任", Person.Rank.SECTION_CHIEF)]
    heads_taken = {"办公室"}
    for _ in range(rng.randint(5, 7)):
        department = rng.choice(("办公室", *COMMON_DEPARTMENTS, *departments))
        head, deputy = ("主任", "副主任") if department == "办公室" else ("科长", "副科长")
        kind = rng.choices(("head", "deputy", "staff"), weights=(3, 3, 4))[0]
        if kind == "head" and department in heads_taken:
            kind = "deputy"
        if kind == "head":
            heads_taken.add(department)
            posts.append((department + head, Person.Rank.SECTION_CHIEF))
        elif kind == "deputy":
            posts.append((department + deputy, Person.Rank.SECTION_DEPUTY))
        else:
            posts.append((department + "科员", Person.Rank.STAFF))
    return [
        Person(
            name=person_name(rng, taken),
            unit=unit,
            post=post,
            rank=rank,
            is_party_member=rng.random() < 0.85,
            management_level=Person.ManagementLevel.UNIT_PARTY_GROUP,
        )
        for post, rank in posts
    ]


def _dispatched(rng, group: DispatchGroup, taken: set[str]) -> list[tuple[Person, str]]:
    """A leader, often a deputy, 2-4 members. Their unit stays empty: they belong to the commission."""
    roles = [(DispatchedStaff.Role.LEADER, Person.Rank.DIVISION_CHIEF, Person.ManagementLevel.SAME_LEVEL_COMMITTEE)]
    if rng.random() < 0.75:
        roles.append(
            (DispatchedStaff.Role.DEPUTY, Person.Rank.DIVISION_DEPUTY, Person.ManagementLevel.SAME_LEVEL_COMMITTEE)
        )
    for _ in range(rng.randint(2, 4)):
        rank = rng.choice((Person.Rank.SECTION_CHIEF, Person.Rank.SECTION_DEPUTY, Person.Rank.STAFF))
        roles.append((DispatchedStaff.Role.MEMBER, rank, Person.ManagementLevel.OTHER))
    return [
        (
            Person(
                name=person_name(rng, taken),
                unit=None,
                post=f"{group.short_name}{role.label}",
                rank=rank,
                management_level=level,
            ),
            role,
        )
        for role, rank, level in roles
    ]


def _fill_context(ctx, commission: Commission) -> None:
    ctx.commission = commission
    ctx.groups = {g.ordinal: g for g in commission.groups.all()}
    ctx.units = {u.name: u for u in commission.units.all()}


def load(ctx) -> str | None:
    commission = Commission.objects.filter(name=COMMISSION_NAME).first()
    if commission:
        _fill_context(ctx, commission)
        return None
    rng = ctx.rng
    commission = Commission.objects.create(name=COMMISSION_NAME, short_name="市纪委监委", level=Commission.Level.CITY)
    groups = {
        n: DispatchGroup.objects.create(
            commission=commission,
            name=f"{COMMISSION_NAME}第{GROUP_NUMERALS[n - 1]}派驻纪检监察组",
            short_name=f"第{GROUP_NUMERALS[n - 1]}纪检监察组",
            ordinal=n,
            may_investigate_duty_crimes=n not in GROUPS_WITHOUT_DUTY_CRIME_AUTHORITY,
        )
        for n in range(1, len(GROUP_NUMERALS) + 1)
    }
    units = {
        key: Unit.objects.create(commission=commission, name=CITY + key, short_name=short)
        for key, (short, _) in UNITS.items()
    }
    for n, keys in COVERAGE.items():
        for key in keys:
            services.seed_coverage(groups[n], units[key], COVERAGE_START, reason=COVERAGE_START_REASON)
    moved_key, new_group = MOVED_UNIT
    services.seed_coverage(groups[new_group], units[moved_key], COVERAGE_MOVED, reason=COVERAGE_MOVED_REASON)

    taken: set[str] = set()
    cadres: list[Person] = []
    for key, (_, departments) in UNITS.items():
        cadres += _leadership(rng, units[key], taken)
        cadres += _staff(rng, units[key], departments, taken)
    Person.objects.bulk_create(cadres)
    dispatched = 0
    for group in groups.values():
        for person, role in _dispatched(rng, group, taken):
            person.save()
            services.seed_dispatch(person, group, role, COVERAGE_START)
            dispatched += 1

    _fill_context(ctx, commission)
    return (
        f"组织机构：{commission.name}，{len(groups)} 个派驻纪检监察组，{len(units)} 个驻在部门，"
        f"{len(cadres)} 名驻在部门干部，{dispatched} 名派驻干部"
    )
