#!/usr/bin/env python3
"""Makes a large workspace for measuring huizong: the shipped seeds with a registry of about a million
generated units (villages and enterprises of many provinces), and an inbox holding one enterprise
return with a row per filing enterprise and month of the plan period, about 2 % of them invalid in
the ways clerks get them wrong.

    python3 Benchmarks/make_large_inbox.py WORKSPACE [--units 1100000] [--villages 40000]
        [--enterprises 112000] [--rows N] [--seed 7] [--xml] [--xlsx] [--xlsx-rows 100000]

With the defaults: a registry of 1,100,000 units (40,000 villages, 1,060,000 enterprises, 86 MB) and
1,008,000 rows (169 MB); with --rows 1000000 --xml --xlsx about 70 s on one core (CSV 168 MB, XML
664 MB, .xlsx 14 MB) and 28 MB of memory. Deterministic: the same arguments give the same bytes. Streaming: the
generator holds the villages' codes and a few tables, never a row or an enterprise; every unit and
every row is derived from the seed and its index, so an enterprise's rows agree with its registry
entry and with its other months.

--units N        registered units (villages + enterprises); grows when more enterprises file than fit.
--villages N     registered villages (default 40,000, or UNITS / 25 when fewer): 12-digit codes (the
                 county codes of 31 provinces, a town, a village), named as villages of the region
                 are, of varied length.
--enterprises N  enterprises that file (default 112,000, or ceil(ROWS / 9) with --rows), spread over
                 the whole registry.
--rows N         stop after N data rows (rows go month by month, enterprise by enterprise).
--xml            also write inbox/enterprise-large.xml: the same rows as an XML return,
                 <return type="enterprise"><row><credit_code>…</credit_code>…</row>…</return>, one
                 <row> per line, <explanation> only where the 填报说明 is not empty: the row on CSV
                 line L (header = line 1) is on XML line L + 1.
--xlsx           also write inbox/enterprise-large.xlsx: the first --xlsx-rows rows (default 100,000)
                 on a sheet 企业创建情况表, header on row 1 (so a row has the same number as its CSV
                 line). Needs XlsxWriter (constant_memory mode).

The registry (seeds/units.csv): villages first, then enterprises. An enterprise's 统一社会信用代码 is
valid under GB 32100-2015 and of every shape the standard allows: registration authority and type
91 (most), 92, 93 and 11, 12, 13, 19, 31–35, 39, 51–55, 59, 61, 62, 71, 72, 79, 81, 89, A1, N1–N3, Y1;
the administrative division of its village's county (or of the city, the province, or 100000 for
central bodies); organisation-code bodies of digits, `MA` + letters and digits (codes issued since
2015), a letter then digits, and `E` between digits (`91510112E600384239`: digits, an E, digits, as a
spreadsheet would read as a number). Its name is made of the place names of its province, a trade
name, a trade and a form (有限公司, 股份有限公司, 农民专业合作社, 个体 shops, associations, …). Its
所在村代码 is a registered village.

The return (inbox/enterprise-large.csv) has the optional 填报说明 column last, mostly empty.
An enterprise's 职工人数 stays within ±20 % of its level from month to month, so the verify rule
`employees-change` (PRODUCT §11.2) does not fire, except for deliberate jumps in about 0.1 % of the
rows: half of them explained in 填报说明 (the row is valid: accepted with the warning `explained`;
the enterprise keeps its new level after it) and half not (`needs-explanation`: invalid). An
unexplained jump is the enterprise's last row in the file, and the rows just before a jump are
valid, so that `prev(employees)` is the previous row of the enterprise whichever way it is read.
The other invalid rows (about 2 %): contracts > employees (row-constraint), a 职工人数 that is no
integer (type-error), a wrong check character (checksum-error, and so foreign-key), a malformed
phone number (constraint-error).

Also writes, beside inbox/ (a .txt or .csv in the inbox would be read as a return):
- WORKSPACE/expected-invalid.txt, the ground truth of the benchmark: the 1-based CSV line numbers of
  the invalid rows, one per line, ascending;
- WORKSPACE/enterprise-one-row.csv, the header and the first valid row: a return of one row, to time
  loading the registry (start to first row checked).
"""
import argparse
import datetime
import math
import os
import random
import shutil
import sys
import time

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
INDEX = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
BANDS = [(90, "优秀"), (75, "良好"), (60, "合格"), (0, "不合格")]
LABELS = ["统一社会信用代码", "企业名称", "所在村代码", "报送期间", "职工人数", "劳动合同签订人数", "参加社会保险人数",
          "建立职工代表大会", "推行厂务公开", "开展工资集体协商", "拖欠工资金额（元）", "劳动争议件数", "诚信守法自评分",
          "诚信守法等级", "劳动关系和谐自评分", "劳动关系和谐等级", "填报人", "联系电话", "填报日期", "填报说明"]
HEADER = ",".join(LABELS)
# The field keys of seeds/returns/enterprise.yaml and the explanation of seeds/plan.yaml, in the order of HEADER.
KEYS = ["credit_code", "name", "village_code", "period", "employees", "contracts", "insured",
        "workers_congress", "affairs_open", "wage_bargaining", "wage_arrears", "labor_disputes",
        "integrity_score", "integrity_rating", "harmony_score", "harmony_rating", "contact", "phone",
        "filed_on", "explanation"]
EXPLANATION = len(KEYS) - 1
# Columns written as numbers in the workbook when they read as one (as a clerk's Excel would).
NUMERIC = {4, 5, 6, 10, 11, 12, 14}
MONTHS = range(4, 13)
INVALID_RATE = 0.02
JUMP_RATE = 0.009        # of filing enterprises (about 9 rows each): about 0.1 % of the rows

# Provinces: code, short name, prefecture-level cities (code within the province, name).
PROVINCES = [
    ("11", "北京", [("01", "北京")]), ("12", "天津", [("01", "天津")]),
    ("13", "河北", [("01", "石家庄"), ("02", "唐山"), ("03", "秦皇岛"), ("04", "邯郸"), ("05", "邢台"), ("06", "保定"),
                  ("07", "张家口"), ("08", "承德"), ("09", "沧州"), ("10", "廊坊"), ("11", "衡水")]),
    ("14", "山西", [("01", "太原"), ("02", "大同"), ("03", "阳泉"), ("04", "长治"), ("05", "晋城"), ("06", "朔州"),
                  ("07", "晋中"), ("08", "运城"), ("09", "忻州"), ("10", "临汾"), ("11", "吕梁")]),
    ("15", "内蒙古", [("01", "呼和浩特"), ("02", "包头"), ("03", "乌海"), ("04", "赤峰"), ("05", "通辽"),
                   ("06", "鄂尔多斯"), ("07", "呼伦贝尔"), ("08", "巴彦淖尔"), ("09", "乌兰察布"), ("25", "锡林郭勒")]),
    ("21", "辽宁", [("01", "沈阳"), ("02", "大连"), ("03", "鞍山"), ("04", "抚顺"), ("05", "本溪"), ("06", "丹东"),
                  ("07", "锦州"), ("08", "营口"), ("09", "阜新"), ("10", "辽阳"), ("11", "盘锦"), ("12", "铁岭"),
                  ("13", "朝阳"), ("14", "葫芦岛")]),
    ("22", "吉林", [("01", "长春"), ("02", "吉林"), ("03", "四平"), ("04", "辽源"), ("05", "通化"), ("06", "白山"),
                  ("07", "松原"), ("08", "白城"), ("24", "延边")]),
    ("23", "黑龙江", [("01", "哈尔滨"), ("02", "齐齐哈尔"), ("03", "鸡西"), ("04", "鹤岗"), ("05", "双鸭山"),
                   ("06", "大庆"), ("07", "伊春"), ("08", "佳木斯"), ("09", "七台河"), ("10", "牡丹江"), ("11", "黑河"),
                   ("12", "绥化")]),
    ("31", "上海", [("01", "上海")]),
    ("32", "江苏", [("01", "南京"), ("02", "无锡"), ("03", "徐州"), ("04", "常州"), ("05", "苏州"), ("06", "南通"),
                  ("07", "连云港"), ("08", "淮安"), ("09", "盐城"), ("10", "扬州"), ("11", "镇江"), ("12", "泰州"),
                  ("13", "宿迁")]),
    ("33", "浙江", [("01", "杭州"), ("02", "宁波"), ("03", "温州"), ("04", "嘉兴"), ("05", "湖州"), ("06", "绍兴"),
                  ("07", "金华"), ("08", "衢州"), ("09", "舟山"), ("10", "台州"), ("11", "丽水")]),
    ("34", "安徽", [("01", "合肥"), ("02", "芜湖"), ("03", "蚌埠"), ("04", "淮南"), ("05", "马鞍山"), ("06", "淮北"),
                  ("07", "铜陵"), ("08", "安庆"), ("10", "黄山"), ("11", "滁州"), ("12", "阜阳"), ("13", "宿州"),
                  ("15", "六安"), ("16", "亳州"), ("17", "池州"), ("18", "宣城")]),
    ("35", "福建", [("01", "福州"), ("02", "厦门"), ("03", "莆田"), ("04", "三明"), ("05", "泉州"), ("06", "漳州"),
                  ("07", "南平"), ("08", "龙岩"), ("09", "宁德")]),
    ("36", "江西", [("01", "南昌"), ("02", "景德镇"), ("03", "萍乡"), ("04", "九江"), ("05", "新余"), ("06", "鹰潭"),
                  ("07", "赣州"), ("08", "吉安"), ("09", "宜春"), ("10", "抚州"), ("11", "上饶")]),
    ("37", "山东", [("01", "济南"), ("02", "青岛"), ("03", "淄博"), ("04", "枣庄"), ("05", "东营"), ("06", "烟台"),
                  ("07", "潍坊"), ("08", "济宁"), ("09", "泰安"), ("10", "威海"), ("11", "日照"), ("13", "临沂"),
                  ("14", "德州"), ("15", "聊城"), ("16", "滨州"), ("17", "菏泽")]),
    ("41", "河南", [("01", "郑州"), ("02", "开封"), ("03", "洛阳"), ("04", "平顶山"), ("05", "安阳"), ("06", "鹤壁"),
                  ("07", "新乡"), ("08", "焦作"), ("09", "濮阳"), ("10", "许昌"), ("11", "漯河"), ("12", "三门峡"),
                  ("13", "南阳"), ("14", "商丘"), ("15", "信阳"), ("16", "周口"), ("17", "驻马店")]),
    ("42", "湖北", [("01", "武汉"), ("02", "黄石"), ("03", "十堰"), ("05", "宜昌"), ("06", "襄阳"), ("07", "鄂州"),
                  ("08", "荆门"), ("09", "孝感"), ("10", "荆州"), ("11", "黄冈"), ("12", "咸宁"), ("13", "随州"),
                  ("28", "恩施")]),
    ("43", "湖南", [("01", "长沙"), ("02", "株洲"), ("03", "湘潭"), ("04", "衡阳"), ("05", "邵阳"), ("06", "岳阳"),
                  ("07", "常德"), ("08", "张家界"), ("09", "益阳"), ("10", "郴州"), ("11", "永州"), ("12", "怀化"),
                  ("13", "娄底"), ("31", "湘西")]),
    ("44", "广东", [("01", "广州"), ("02", "韶关"), ("03", "深圳"), ("04", "珠海"), ("05", "汕头"), ("06", "佛山"),
                  ("07", "江门"), ("08", "湛江"), ("09", "茂名"), ("12", "肇庆"), ("13", "惠州"), ("14", "梅州"),
                  ("15", "汕尾"), ("16", "河源"), ("17", "阳江"), ("18", "清远"), ("19", "东莞"), ("20", "中山"),
                  ("51", "潮州"), ("52", "揭阳"), ("53", "云浮")]),
    ("45", "广西", [("01", "南宁"), ("02", "柳州"), ("03", "桂林"), ("04", "梧州"), ("05", "北海"), ("06", "防城港"),
                  ("07", "钦州"), ("08", "贵港"), ("09", "玉林"), ("10", "百色"), ("11", "贺州"), ("12", "河池"),
                  ("13", "来宾"), ("14", "崇左")]),
    ("46", "海南", [("01", "海口"), ("02", "三亚"), ("04", "儋州"), ("90", "琼海")]),
    ("50", "重庆", [("01", "重庆")]),
    ("51", "四川", [("01", "成都"), ("03", "自贡"), ("04", "攀枝花"), ("05", "泸州"), ("06", "德阳"), ("07", "绵阳"),
                  ("08", "广元"), ("09", "遂宁"), ("10", "内江"), ("11", "乐山"), ("13", "南充"), ("14", "眉山"),
                  ("15", "宜宾"), ("16", "广安"), ("17", "达州"), ("18", "雅安"), ("19", "巴中"), ("20", "资阳"),
                  ("32", "阿坝"), ("33", "甘孜"), ("34", "凉山")]),
    ("52", "贵州", [("01", "贵阳"), ("02", "六盘水"), ("03", "遵义"), ("04", "安顺"), ("05", "毕节"), ("06", "铜仁"),
                  ("23", "黔西南"), ("26", "黔东南"), ("27", "黔南")]),
    ("53", "云南", [("01", "昆明"), ("03", "曲靖"), ("04", "玉溪"), ("05", "保山"), ("06", "昭通"), ("07", "丽江"),
                  ("08", "普洱"), ("09", "临沧"), ("23", "楚雄"), ("25", "红河"), ("26", "文山"), ("28", "西双版纳"),
                  ("29", "大理"), ("31", "德宏"), ("33", "怒江"), ("34", "迪庆")]),
    ("54", "西藏", [("01", "拉萨"), ("02", "日喀则"), ("03", "昌都"), ("04", "林芝"), ("05", "山南"), ("06", "那曲"),
                  ("25", "阿里")]),
    ("61", "陕西", [("01", "西安"), ("02", "铜川"), ("03", "宝鸡"), ("04", "咸阳"), ("05", "渭南"), ("06", "延安"),
                  ("07", "汉中"), ("08", "榆林"), ("09", "安康"), ("10", "商洛")]),
    ("62", "甘肃", [("01", "兰州"), ("02", "嘉峪关"), ("03", "金昌"), ("04", "白银"), ("05", "天水"), ("06", "武威"),
                  ("07", "张掖"), ("08", "平凉"), ("09", "酒泉"), ("10", "庆阳"), ("11", "定西"), ("12", "陇南"),
                  ("29", "临夏"), ("30", "甘南")]),
    ("63", "青海", [("01", "西宁"), ("02", "海东"), ("22", "海北"), ("23", "黄南"), ("25", "海南"), ("26", "果洛"),
                  ("27", "玉树"), ("28", "海西")]),
    ("64", "宁夏", [("01", "银川"), ("02", "石嘴山"), ("03", "吴忠"), ("04", "固原"), ("05", "中卫")]),
    ("65", "新疆", [("01", "乌鲁木齐"), ("02", "克拉玛依"), ("04", "吐鲁番"), ("05", "哈密"), ("23", "昌吉"),
                  ("27", "博尔塔拉"), ("28", "巴音郭楞"), ("29", "阿克苏"), ("30", "克孜勒苏"), ("31", "喀什"),
                  ("32", "和田"), ("40", "伊犁"), ("42", "塔城"), ("43", "阿勒泰")]),
]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
                "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤") + [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫"]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红文辉鹏飞斌宇浩凯婷雪琳晨阳波宁海燕志"
             "忠林峰亮成德荣昌梅兵")
# Village names: Han patterns everywhere, and the naming of the Mongolian, Uyghur, Tibetan and Dai regions.
DIRECTIONS = list("东西南北上下前后中大小新老")
FEATURES = list("河山桥塘坑岙湾沟坪溪港田林坡岗口头坝岭营堡集店庄寨屯洼滩湖圩垸埠")
NATURE = list("石柳杨桃李枣松竹梅杏槐柏茶花桑榆枫莲芦稻麦")
AUSPICIOUS = ["新民", "红旗", "东风", "团结", "胜利", "光明", "前进", "和平", "永安", "长兴", "联合", "幸福", "五星",
              "民主", "建设", "新华", "太平", "富强", "兴旺", "丰收", "同心", "黎明", "向阳", "民乐", "三合", "双河"]
MONGOLIAN = ["巴彦", "乌兰", "哈达", "呼和", "阿拉坦", "宝力格", "额尔敦", "查干", "塔拉", "敖包", "希热", "图", "浩特",
             "陶勒盖", "格日勒", "布拉格", "那仁", "宝日", "温都尔", "朝鲁", "包日", "达来"]
UYGHUR = ["阿克", "托格", "拉克", "库木", "巴格", "其", "艾日", "克", "吐尔", "尕", "喀拉", "苏", "亚", "博斯坦", "阔纳",
          "英", "阿热勒", "依格孜", "买里", "巴什", "勒克", "吾斯塘", "玉其", "贝希", "铁热克", "艾格来"]
TIBETAN = ["岗", "曲", "嘎", "琼", "扎西", "德吉", "卓", "那", "拉", "孜", "普", "热", "堆", "雄", "林", "达", "桑",
           "巴", "觉", "吉", "木", "措", "日", "玛"]
DAI = ["曼", "勐", "景", "那", "回", "允"]
DAI_TAIL = ["听", "飞龙", "景", "龙", "迈", "海", "洪", "养", "掌", "嘎", "燕", "远"]
# Enterprise names.
BRAND_CHARS = list("鑫达华力永盛恒通宏远金源兴隆嘉瑞海天博创新锦泰明德信安康宇豪宝丰卓越中环凯旭正昌美佳顺和润泽利"
                   "发众邦科汇鼎诚伟业腾飞星辰晨光亿万联合")
TRADES = ["机械制造", "纺织", "建筑工程", "电子科技", "食品", "物流", "商贸", "房地产开发", "农业开发", "化工", "服装",
          "汽车零部件", "新材料科技", "生物医药", "网络科技", "建材", "家具", "印刷包装", "餐饮管理", "酒店管理", "旅游开发",
          "水产养殖", "茶业", "矿业", "五金制品", "塑胶", "模具", "电器", "环保设备", "船舶配件", "不锈钢制品", "轴承",
          "阀门", "服饰", "纸业", "压铸", "信息技术", "实业", "投资", "供应链管理", "电力工程", "光电", "精密机械", "工艺品",
          "陶瓷", "酿酒", "乳业", "粮油", "医疗器械", "物业管理"]
FORMS_91 = ["有限公司"] * 12 + ["有限责任公司"] * 3 + ["股份有限公司"] * 2 + ["集团有限公司", "科技股份有限公司", "厂"]
SHOPS = ["五金店", "小吃店", "理发店", "便利店", "汽车修理部", "服装店", "农资经营部", "早餐店", "建材经营部", "副食品商店",
         "水果店", "家电维修部", "摩托车修理店", "粮油店"]
CROPS = ["蔬菜", "茶叶", "水果", "生猪养殖", "食用菌", "中药材", "葡萄种植", "花卉苗木", "水稻种植", "肉牛养殖", "蜂业",
         "核桃种植"]
# Registration authority and type (GB 32100-2015 appendix), with weights; and how a unit of it is named.
PREFIXES = [("91", 800), ("92", 60), ("93", 40), ("11", 6), ("12", 8), ("13", 2), ("19", 2), ("31", 4), ("32", 2),
            ("33", 2), ("34", 2), ("35", 1), ("39", 1), ("51", 6), ("52", 8), ("53", 3), ("54", 2), ("55", 2),
            ("59", 2), ("61", 1), ("62", 1), ("71", 3), ("72", 1), ("79", 1), ("81", 8), ("89", 1), ("A1", 1),
            ("N1", 2), ("N2", 6), ("N3", 2), ("Y1", 3)]
PREFIX_TABLE = [p for p, w in PREFIXES for _ in range(w)]
NAMED_BY_PREFIX = {
    "11": ["{city}市司法局", "{city}市{county}人民政府办公室", "{province}省{city}市市场监督管理局", "{city}市人力资源和社会保障局"],
    "12": ["{city}市第{num}人民医院", "{city}市{county}实验小学", "{city}市疾病预防控制中心", "{city}市{brand}中学"],
    "13": ["{city}市总工会", "{city}市妇女联合会", "共青团{city}市委员会"],
    "19": ["{city}市{brand}管理服务中心"],
    "31": ["{province}{brand}律师事务所", "{city}{brand}{surname}律师事务所"],
    "32": ["{province}省{city}市公证处", "{city}市{county}公证处"],
    "33": ["{city}市{county}{brand}法律服务所"],
    "34": ["{province}{brand}司法鉴定所"],
    "35": ["{city}仲裁委员会"],
    "39": ["{city}市{brand}人民调解委员会"],
    "51": ["{city}市{trade}行业协会", "{city}市企业家联合会", "{province}省{trade}商会"],
    "52": ["{city}市{brand}职业培训学校", "{city}{brand}养老院", "{city}市{county}{brand}幼儿园"],
    "53": ["{province}省{brand}慈善基金会", "{city}市{brand}教育基金会"],
    "54": ["{city}市{brand}社会工作服务中心"],
    "55": ["{city}市{brand}志愿服务社"],
    "59": ["{city}市{brand}社区服务中心"],
    "61": ["{city}市{brand}旅行社驻外代表处"],
    "62": ["香港{brand}旅游局驻{city}办事处"],
    "71": ["{city}{brand}寺", "{city}市{county}基督教堂", "{city}{brand}清真寺"],
    "72": ["{province}佛学院", "{province}伊斯兰教经学院"],
    "79": ["{city}市{brand}宗教活动点"],
    "81": ["{city}{brand}{trade}有限公司工会委员会", "{city}市{county}{brand}股份有限公司工会"],
    "89": ["{city}市{county}职工服务中心"],
    "A1": ["{city}{brand}军队服务中心"],
    "N1": ["{village}第{num}村民小组经济合作社"],
    "N2": ["{village}股份经济合作社", "{village}经济合作社"],
    "N3": ["{city}市{county}{brand}镇经济联合总社"],
    "Y1": ["{city}市{brand}{trade}服务站", "{province}{brand}农村资金互助社"],
}
EXPLAINED_UP = ["本月新增生产线，招聘季节工", "承接外贸订单，临时扩招", "兼并{brand}厂后职工并入", "新厂区投产，集中招工"]
EXPLAINED_DOWN = ["企业改制，部分职工分流", "生产线停产检修，临时工离岗", "订单减少，季节工合同到期", "部分业务外包，职工转出"]
REMARKS = ["本月数据已核对", "含季节工", "填报人变更", "职工人数含劳务派遣", "上月数据有误已更正"]

MASK = (1 << 64) - 1


def mix(x):
    """splitmix64's finaliser: a well-spread 64-bit hash of x."""
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


class Draws:
    """Deterministic draws for one key, taken out of 64-bit hashes (faster than seeding a Random)."""

    __slots__ = ("state", "bits")

    def __init__(self, *key):
        h = 0
        for k in key:
            h = mix(h ^ k)
        self.state = h
        self.bits = mix(h)

    def below(self, n):
        if self.bits < n << 8:  # not enough entropy left in this hash
            self.state = mix(self.state)
            self.bits = self.state | (1 << 63)
        self.bits, r = divmod(self.bits, n)
        return r

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def unit(self):
        return self.below(1 << 20) / (1 << 20)


def check_character(body):
    """GB 32100-2015 check character of the first 17 characters."""
    return ALPHABET[(31 - sum(INDEX[c] * w for c, w in zip(body, WEIGHTS)) % 31) % 31]


def org_check(body):
    """GB 11714 check character of an 8-character organisation code body (letters count 10–35)."""
    total = sum((ord(c) - 48 if c <= "9" else ord(c) - 55) * w for c, w in zip(body, ORG_WEIGHTS))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def scramble(k):
    """A permutation of 0 … 10^7 - 1 that looks random: bijective 24-bit steps, walked until below 10^7."""
    x = k
    while True:
        x ^= x >> 12
        x = (x * 0x2C1B3D) & 0xFFFFFF
        x ^= x >> 11
        x = (x * 0x297A2D) & 0xFFFFFF
        x ^= (x >> 13) ^ 0x5A3C96
        if x < 10 ** 7:
            return x


def band(score):
    return next(label for minimum, label in BANDS if score >= minimum)


def xml_text(value):
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


class Geography:
    """Counties of every province (in memory: a few thousand) and the villages (derived from their index)."""

    def __init__(self, seed, villages):
        rng = random.Random(seed * 7 + 1)
        self.counties = []  # (division code, province index, city name, county name)
        for p, (code, province, cities) in enumerate(PROVINCES):
            for city_code, city in cities:
                municipality = len(cities) == 1
                n = rng.randint(12, 16) if municipality else rng.randint(3, 9)
                numbers = list(range(1, n + 1)) if municipality else \
                    [2 + i for i in range(n - (1 if n > 4 else 0))] + ([81] if n > 4 else [])
                for number in numbers:
                    suffix = "区" if municipality or number <= 3 else ("市" if number >= 81 else "县")
                    county = rng.choice(DIRECTIONS[:4] + NATURE[:6]) + rng.choice(FEATURES[:12]) + suffix
                    self.counties.append((code + city_code + "%02d" % number, p, city, county))
        self.villages = villages
        self.seed = seed

    def village(self, v):
        """Code, name and county of village v: contiguous blocks of villages per county, towns of 12 villages."""
        county = v * len(self.counties) // self.villages
        first = -(-county * self.villages // len(self.counties))  # the first village of this county
        position = v - first
        d = Draws(self.seed, 0x5649, v)
        division, p = self.counties[county][:2]
        town, number = divmod(position, 12)
        t = Draws(self.seed, 0x544F, county, town)  # a 街道 (001…), 镇 (100…) or 乡 (200…)
        town_code = (1 if t.below(5) == 0 else 100 if t.below(3) else 200) + town
        code = "%s%03d%03d" % (division, town_code, 201 + number)
        return code, self.village_name(d, PROVINCES[p][0]), county

    @staticmethod
    def village_name(d, province):
        if province == "15" and d.below(3):
            return "".join(d.pick(MONGOLIAN) for _ in range(2 + d.below(2))) + "嘎查"
        if province == "65" and d.below(4):
            return "".join(d.pick(UYGHUR) for _ in range(2 + d.below(3))) + "村"
        if province == "54" and d.below(4):
            return "".join(d.pick(TIBETAN) for _ in range(1 + d.below(3))) + "村"
        if province == "53" and d.below(4) == 0:
            return d.pick(DAI) + d.pick(DAI_TAIL) + "村"
        kind = d.below(10)
        if kind < 3:
            return d.pick(SURNAMES) + d.pick(["家", "庄", "家庄", "家湾", "家坝", "家寨", "家屯", "家营", "集", "店"]) + "村"
        if kind < 6:
            return d.pick(DIRECTIONS) + d.pick(NATURE + FEATURES) + (d.pick(["头", "口", "子", "下", "里", ""])) + "村"
        if kind < 8:
            return d.pick(NATURE) + d.pick(FEATURES) + d.pick(FEATURES) + "村"
        if kind < 9:
            return d.pick(AUSPICIOUS) + "村"
        return d.pick(DIRECTIONS) + d.pick(SURNAMES) + d.pick(FEATURES) + d.pick(["村", "社区", "村"])


class Registry:
    """The enterprises, each derived from its index k: its credit code, name, village and staff level."""

    def __init__(self, seed, geography, enterprises):
        self.seed = seed
        self.geo = geography
        self.enterprises = enterprises
        if enterprises >= 10 ** 7:
            raise SystemExit("at most 9,999,999 enterprises")

    def enterprise(self, k):
        """(credit code, name, village code, staff level) of enterprise k."""
        d = Draws(self.seed, 0x454E, k)
        v = d.below(self.geo.villages)
        village_code, village_name, county = self.geo.village(v)
        division, p, city, county_name = self.geo.counties[county]
        province = PROVINCES[p][1]
        prefix = d.pick(PREFIX_TABLE)
        r = d.below(100)
        if prefix in ("11", "12", "13", "51", "53") and r < 4:
            division = "100000"                     # central bodies
        elif r < 8:
            division = division[:4] + "00"          # the city
        elif r < 11:
            division = division[:2] + "0000"        # the province
        # The organisation-code body: its last 7 characters encode n, a permutation of k, so that no two
        # enterprises share a code; its first character tells the families apart.
        n = scramble(k)
        family = d.below(100)
        if prefix[0] == "9" and family < 6:       # E between digits: every other character a digit
            for attempt in range(10):
                organisation = "E%07d" % n + str((d.below(10) + attempt) % 10)
                body = prefix + division + organisation
                check = check_character(body)
                if check <= "9":
                    break
            else:
                family = 99
        if not (prefix[0] == "9" and family < 6):
            if family < 40 and prefix[0] == "9":   # since 2015: MA and six characters
                tail = ""
                for _ in range(6):
                    n, c = divmod(n, 31)
                    tail += ALPHABET[c]
                organisation = "MA" + tail
            elif family < 50:                      # a leading letter (not E, not M)
                organisation = d.pick("ABCDFGHJKLPQRTUWXY") + "%07d" % n
            else:                                  # digits
                organisation = str(d.below(10)) + "%07d" % n
            organisation += org_check(organisation)
            body = prefix + division + organisation
            check = check_character(body)
        code = body + check
        name = self.name(d, prefix, province, city, county_name, village_name)
        level = int(math.exp(math.log(5) + d.unit() * (math.log(3000) - math.log(5))))
        return code, name, village_code, level

    @staticmethod
    def name(d, prefix, province, city, county, village):
        brand = d.pick(BRAND_CHARS) + d.pick(BRAND_CHARS) + (d.pick(BRAND_CHARS) if d.below(8) == 0 else "")
        if prefix == "91":
            place = d.pick([province, city, city + "市", province + city, city + "市" + county])
            form = d.pick(FORMS_91)
            trade = d.pick(TRADES)
            r = d.below(100)
            if r < 3:
                return place + brand + "（集团）" + trade + "有限公司"
            if r < 6:
                return brand + "（" + city + "）" + trade + form
            if r < 9:
                return place + brand + trade + "有限公司" + d.pick([city, county]) + "分公司"
            return place + brand + trade + form
        if prefix == "92":
            owner = d.pick(SURNAMES) + d.pick(GIVEN) + (d.pick(GIVEN) if d.below(2) else "")
            return city + "市" + county + d.pick([owner, d.pick(SURNAMES) + "记", brand]) + d.pick(SHOPS)
        if prefix == "93":
            return d.pick([city + "市" + county, county, city]) + brand + d.pick(CROPS) + d.pick(["专业合作社", "农民专业合作社"])
        template = d.pick(NAMED_BY_PREFIX[prefix])
        return template.format(province=province, city=city, county=county, brand=brand, trade=d.pick(TRADES),
                               surname=d.pick(SURNAMES), num=d.pick("一二三四五六七八九"), village=village)


def employees_of(seed, k, month, level):
    """The 职工人数 of enterprise k in `month` at `level`: within ±20 % of it."""
    u = (mix(mix(seed ^ 0x454D50) ^ (k * 16 + month)) >> 11) / (1 << 53)
    return round(level * (0.8 + 0.4 * u))


def rule_holds(employees, previous):
    """employees-change (PRODUCT §11.2): employees >= prev * 0.5 - 10 and employees <= prev * 1.5 + 10."""
    return 2 * employees >= previous - 20 and 2 * employees <= 3 * previous + 20


class Jump:
    """A deliberate jump of an enterprise's staff in month `month` (explained or not) to `level`."""

    def __init__(self, seed, k, level, last_month):
        self.month = None
        d = Draws(seed, 0x4A55, k)
        if last_month < 5 or d.below(10 ** 6) >= JUMP_RATE * 10 ** 6:
            return
        self.explained = d.below(2) == 0
        # An unexplained jump is the enterprise's last row: a later row is then the same whether
        # prev() is read as the previous row or the previous accepted row.
        self.month = 5 + d.below(last_month - 4) if self.explained else last_month
        previous = employees_of(seed, k, self.month - 1, level)
        up = level < 150 or d.below(2) == 0
        factor = 3 + d.below(3)
        while True:
            self.level = level * factor if up else max(1, level // factor)
            if not rule_holds(employees_of(seed, k, self.month, self.level), previous):
                break
            factor += 1
        self.up = up
        self.text = d.pick(EXPLAINED_UP if up else EXPLAINED_DOWN).format(brand=d.pick(BRAND_CHARS) * 2) \
            + ("%d人" % abs(employees_of(seed, k, self.month, self.level) - previous) if d.below(2) else "")


class XLSXOut:
    """The first `limit` rows in a workbook, streamed (XlsxWriter constant_memory)."""

    def __init__(self, path, limit):
        import xlsxwriter  # only needed with --xlsx
        self.book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
        # A fixed creation time: the same arguments give the same bytes.
        self.book.set_properties({"created": datetime.datetime(2009, 12, 31, 12, 0, 0)})
        self.sheet = self.book.add_worksheet("企业创建情况表")
        self.limit = limit
        self.written = 0
        for column, label in enumerate(LABELS):
            self.sheet.write_string(0, column, label)

    def add(self, row):
        if self.written >= self.limit:
            return
        self.written += 1
        for column, value in enumerate(row):
            if not value:
                continue  # an empty cell: no cell at all, as a spreadsheet saves it
            if column in NUMERIC:
                try:
                    self.sheet.write_number(self.written, column, float(value))
                    continue
                except ValueError:
                    pass
            self.sheet.write_string(self.written, column, value)

    def close(self):
        self.book.close()


def stride_for(total):
    """A step coprime to `total`, about total / φ: filer j is enterprise (j * step) mod total."""
    step = max(1, int(total * 0.6180339887)) | 1
    while math.gcd(step, total) != 1:
        step += 2
    return step


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace")
    parser.add_argument("--units", type=int, default=1100000,
                        help="registered units, villages and enterprises (default 1,100,000)")
    parser.add_argument("--villages", type=int, default=None,
                        help="registered villages (default 40,000, or UNITS / 25 when that is fewer)")
    parser.add_argument("--enterprises", type=int, default=None,
                        help="enterprises that file (default 112,000, or ceil(ROWS / 9) with --rows)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rows", type=int, default=None, help="stop after this many data rows")
    parser.add_argument("--xml", action="store_true", help="also write the rows as an XML return")
    parser.add_argument("--xlsx", action="store_true", help="also write the first --xlsx-rows rows as .xlsx")
    parser.add_argument("--xlsx-rows", type=int, default=100000)
    args = parser.parse_args()
    started = time.monotonic()
    if args.enterprises is None:
        args.enterprises = 112000 if args.rows is None else max(1, math.ceil(args.rows / len(MONTHS)))
    limit = args.rows if args.rows is not None else args.enterprises * len(MONTHS)
    limit = min(limit, args.enterprises * len(MONTHS))
    if args.villages is None:
        args.villages = max(1, min(40000, args.units // 25))
    if args.villages < 1:
        raise SystemExit("--villages must be at least 1")
    registered = max(args.units - args.villages, args.enterprises)

    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    shutil.rmtree(args.workspace, ignore_errors=True)
    shutil.copytree(os.path.join(root, "seeds"), os.path.join(args.workspace, "seeds"))
    inbox = os.path.join(args.workspace, "inbox")
    os.makedirs(inbox)

    geo = Geography(args.seed, args.villages)
    registry = Registry(args.seed, geo, registered)
    units_path = os.path.join(args.workspace, "seeds", "units.csv")
    with open(units_path, "w", encoding="utf-8", newline="", buffering=1 << 20) as out:
        out.write("单位代码,单位名称,单位类型,所在村代码\n")
        lines = []
        for v in range(args.villages):
            code, name, _ = geo.village(v)
            lines.append(f"{code},{name},村,\n")
            if len(lines) == 4096:
                out.write("".join(lines))
                lines.clear()
        for k in range(registered):
            code, name, village, _ = registry.enterprise(k)
            lines.append(f"{code},{name},企业,{village}\n")
            if len(lines) == 4096:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))
    registry_seconds = time.monotonic() - started
    print(f"{units_path}: {args.villages + registered:,} units ({args.villages:,} villages, "
          f"{registered:,} enterprises), {os.path.getsize(units_path) / 1e6:.1f} MB, {registry_seconds:.0f} s",
          file=sys.stderr)

    # Rows go month by month; filer j (enterprise (j * step) mod registered) files months 4 ..
    # last_month(j), the last month being partly filled when --rows cuts it.
    step = stride_for(registered)
    full, remainder = divmod(limit, args.enterprises)
    rng = random.Random(args.seed)
    rows = invalid = jumps_explained = jumps_unexplained = 0
    path = os.path.join(inbox, "enterprise-large.csv")
    xml_path = os.path.join(inbox, "enterprise-large.xml")
    xlsx_path = os.path.join(inbox, "enterprise-large.xlsx")
    one_row_path = os.path.join(args.workspace, "enterprise-one-row.csv")
    xml = open(xml_path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) if args.xml else None
    xlsx = XLSXOut(xlsx_path, args.xlsx_rows) if args.xlsx else None
    expected = open(os.path.join(args.workspace, "expected-invalid.txt"), "w", encoding="ascii")
    one_row = None
    if xml:
        xml.write('<?xml version="1.0" encoding="UTF-8"?>\n<return type="enterprise">\n')
    seed = args.seed
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as out:
        out.write(HEADER + "\r\n")
        for month in MONTHS:
            if rows >= limit:
                break
            for j in range(args.enterprises):
                if rows >= limit:
                    break
                k = j * step % registered
                code, name, village, level = registry.enterprise(k)
                last_month = MONTHS[0] + full - (0 if j < remainder else 1)
                jump = Jump(seed, k, level, min(last_month, MONTHS[-1]))
                explanation = ""
                if jump.month is not None and month >= jump.month and (jump.explained or month == jump.month):
                    if month == jump.month:
                        explanation = jump.text if jump.explained else ""
                    employees = employees_of(seed, k, month, jump.level)
                else:
                    employees = employees_of(seed, k, month, level)
                # The rows of a jump and the row before it stay valid otherwise.
                protected = jump.month is not None and month in (jump.month - 1, jump.month)
                contracts = employees - rng.randint(0, employees // 5)
                insured = employees - rng.randint(0, employees // 3)
                integrity = round(rng.uniform(50, 100), 1)
                harmony = round(rng.uniform(50, 100), 1)
                congress, bargaining = rng.random() < 0.7, rng.random() < 0.5
                arrears = rng.choice(["0"] * 8 + ["1200", "35000.5"])
                if band(harmony) == "优秀":
                    congress, bargaining, arrears = True, True, "0"
                if rng.random() < 0.003 and not explanation and jump.month != month:
                    explanation = rng.choice(REMARKS)  # a remark where no rule asks for one
                if rng.random() < 0.8:
                    phone = "1%d%09d" % (rng.randint(3, 9), rng.randint(0, 10 ** 9 - 1))
                else:
                    area = rng.choice(["010", "021", "0571", "0574", "028", "0991", "0891", "0471", "020", "0531"])
                    phone = area + rng.choice(["-", ""]) + "%08d" % rng.randint(20000000, 89999999)
                filed = "2009-%02d-%02d" % (month, rng.randint(20, 30)) if rng.random() < 0.3 else \
                    ("%d-%02d-%02d" % (2009 + month // 12, month % 12 + 1, rng.randint(1, 10)))
                row = [code, name, village if rng.random() < 0.95 else "", "2009-%02d" % month, str(employees),
                       str(contracts), str(insured), "是" if congress else "否", "是" if rng.random() < 0.8 else "否",
                       "是" if bargaining else "否", arrears, str(rng.randint(0, 3)), str(integrity),
                       band(integrity), str(harmony), band(harmony),
                       rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else ""),
                       phone, filed, explanation]
                bad = rng.random() < INVALID_RATE
                kind = rng.randint(0, 3)
                if bad and not protected:
                    if kind == 0:    # row-constraint contracts-within-employees
                        row[5] = str(employees + 1)
                    elif kind == 1:  # type-error: not an integer
                        row[4] = "约" + row[4]
                    elif kind == 2:  # checksum-error (and so foreign-key: not a registered code)
                        row[0] = code[:-1] + ("0" if code[-1] != "0" else "1")
                    else:            # constraint-error pattern of the phone number
                        row[17] = "12345"
                elif jump.month == month and not jump.explained:
                    bad = True       # needs-explanation (employees-change)
                    jumps_unexplained += 1
                else:
                    bad = False
                    if jump.month == month:
                        jumps_explained += 1
                line = ",".join(row)
                if bad:
                    invalid += 1
                    expected.write(f"{rows + 2}\n")  # the header is line 1, one line per record
                elif one_row is None:
                    one_row = line
                out.write(line + "\r\n")
                if xml:
                    xml.write("<row>" + "".join(f"<{k}>{xml_text(v)}</{k}>" for k, v in zip(KEYS, row) if v or k != "explanation")
                              + "</row>\n")
                if xlsx:
                    xlsx.add(row)
                rows += 1
    expected.close()
    with open(one_row_path, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\r\n" + (one_row or "") + "\r\n")
    print(f"{path}: {rows:,} rows, {invalid:,} invalid ({jumps_unexplained:,} unexplained staff jumps; "
          f"{jumps_explained:,} explained ones are valid), {os.path.getsize(path) / 1e6:.1f} MB", file=sys.stderr)
    if xml:
        xml.write("</return>\n")
        xml.close()
        print(f"{xml_path}: {rows:,} rows, {os.path.getsize(xml_path) / 1e6:.1f} MB", file=sys.stderr)
    if xlsx:
        xlsx.close()
        print(f"{xlsx_path}: {xlsx.written:,} rows, {os.path.getsize(xlsx_path) / 1e6:.1f} MB", file=sys.stderr)
    print(f"generated in {time.monotonic() - started:.0f} s", file=sys.stderr)


main()
