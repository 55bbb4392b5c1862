"""Seeded generator of realistic mutual-help group chat (拼多多互助群) for linkguard benchmarks.

Usage: python benchmarks/generate.py [-n 1000] [--seed 0] [--labels] [--long 1KB|10KB|100KB|1MB]
Prints JSON lines: {"text": ...} (plus kind, category, link, evasion with --labels).
The mix is fixed in this file (templates and word lists below); it reads nothing from disk.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

__all__ = [
    "CATEGORIES",
    "LONG_SIZES",
    "Message",
    "generate",
    "generate_messages",
    "has_han",
    "long_message",
]

CATEGORIES = ("credential", "money", "spam", "violation", "malware", "pii", "phishing")
# Long-message sizes in characters (code points): 1 KB = 1,024 characters, ..., 1 MB = 1,048,576.
LONG_SIZES: dict[str, int] = {"1KB": 1 << 10, "10KB": 10 << 10, "100KB": 100 << 10, "1MB": 1 << 20}
MAX_CHARS = 500

Rng = random.Random


@dataclass(frozen=True, slots=True)
class Message:
    """One generated chat message and what it was generated as."""

    text: str
    kind: str  # chatter | task | share | code | warning | english | multi | risky
    category: str  # one of CATEGORIES for risky messages, "" otherwise
    link: bool  # the message carries a link (official, lookalike or obfuscated)
    evasion: str  # the evasion trick applied, "" if none


# ---------------------------------------------------------------------------------------------
# Slot fillers: {name} in a template is replaced by SLOTS[name](rng).
# ---------------------------------------------------------------------------------------------

_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_GOODS = [
    "家用大容量电热水壶", "儿童保温杯316不锈钢", "纯棉四件套", "抽纸30包整箱", "蓝牙耳机降噪", "夏季冰丝凉席",
    "洗衣凝珠100颗", "不粘锅炒锅", "手机壳透明防摔", "电动牙刷成人款", "小米充电宝20000毫安", "大米10斤东北长粒香",
    "苹果数据线", "空气炸锅4.5L", "猫粮10kg", "洗脸巾一次性", "女士羽绒服短款", "运动鞋男透气", "零食大礼包",
    "车载手机支架", "拖把免手洗", "垃圾袋加厚", "榴莲千层蛋糕", "智能手环",
]
_NAMES = ["小李", "阿芳", "王姐", "张哥", "小美", "老陈", "琳琳", "小周", "刘阿姨", "大壮", "晓雯", "阿杰"]
_EMOJI = ["🙏", "😂", "👍", "❤️", "🌹", "😭", "🤝", "💪", "🎉", "😊", "🧧", "🔥"]
_ID_REGIONS = ["110101", "310104", "440305", "320102", "330106", "510107", "420111", "370202"]
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _token(rng: Rng, n: int) -> str:
    return "".join(rng.choice(_ALNUM) for _ in range(n))


def _digits(rng: Rng, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _phone(rng: Rng) -> str:
    return "1" + rng.choice("3456789") + _digits(rng, 9)


def _id_card(rng: Rng) -> str:
    """An 18-digit resident ID number with a valid check digit."""
    body = (
        rng.choice(_ID_REGIONS)
        + str(rng.randint(1970, 2005))
        + f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + _digits(rng, 3)
    )
    total = sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + _ID_CHECK[total % 11]


def _bank_card(rng: Rng) -> str:
    """A 16- or 19-digit bank card number that passes the Luhn check."""
    body = rng.choice(["622202", "621700", "622848", "622588", "621226"]) + _digits(rng, rng.choice([9, 12]))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    card = body + str((10 - total % 10) % 10)
    if rng.random() < 0.4:
        return " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    return card


def _lookalike_host(rng: Rng) -> str:
    return rng.choice([
        "pinduoduo-help.top", "yangkedou.com", "pinduoduo-kefu.xyz", "pdd-fuli.vip", "yangkeduo.com.hb-pay.cn",
        "mobile-yangkeduo.cc", "pinduoduo.com-refund.shop", "pinduouo.com", "taobao-tuikuan.top", "jd-kefu.icu",
        "pddhelp.cn", "yangkeduo.co",
    ])


_SLOTS: dict[str, Callable[[Rng], str]] = {
    "goods": lambda r: r.choice(_GOODS),
    "name": lambda r: r.choice(_NAMES),
    "emoji": lambda r: r.choice(_EMOJI),
    "n": lambda r: str(r.randint(2, 9)),
    "amount": lambda r: r.choice(["20", "30", "50", "68", "99", "199", "200", "298", "500", "699", "1000", "3000"]),
    "price": lambda r: f"{r.randint(3, 299)}.{r.randint(0, 99):02d}",
    "phone": _phone,
    "qq": lambda r: str(r.randint(10_000_000, 3_999_999_999)),
    "wx": lambda r: r.choice(["wx", "vx", "ww", "abc", "pdd", "kf", "zz"]) + _digits(r, r.randint(4, 8)),
    "id_card": _id_card,
    "bank_card": _bank_card,
    "code6": lambda r: _digits(r, 6),
    "fudai": lambda r: r.choice("67") + _digits(r, 7),
    "pdd_goods": lambda r: f"https://mobile.yangkeduo.com/goods.html?goods_id={r.randint(10**9, 9 * 10**11)}"
    + r.choice(["", "", f"&page_from=35&share_uin={_token(r, 10)}"]),
    "pdd_bargain": lambda r: "https://mobile.yangkeduo.com/"
    + r.choice(["duo_cut_price.html", "cut_price.html", "ktt_cut.html"])
    + f"?cut_id={_digits(r, 10)}&refer_share_channel=message",
    "pdd_short": lambda r: "https://p.pinduoduo.com/" + _token(r, 8),
    "tb_short": lambda r: f"https://m.tb.cn/h.{_token(r, 7)}" + r.choice(["", f"?tk={_token(r, 11)}"]),
    "tb_token": lambda r: r.choice(["￥", "€", "₤", "¢"]) + _token(r, 11) + r.choice(["￥", "€", "₤", "¢"]),
    "jd_short": lambda r: r.choice(["https://u.jd.com/", "https://3.cn/-"]) + _token(r, 7),
    "dy_short": lambda r: f"https://v.douyin.com/{_token(r, 8)}/",
    "xhs_short": lambda r: f"http://xhslink.com/m/{_token(r, 11)}",
    "look_url": lambda r: r.choice(["https://", "http://", ""])
    + _lookalike_host(r)
    + r.choice(["/claim", "/refund", "/login", "/", "/hb?id=" + _digits(r, 6)]),
    "look_host": _lookalike_host,
    "apk_url": lambda r: r.choice(["http://", "https://"])
    + r.choice(["dl.pdd-fuli.vip", "app.hongbao888.cn", "47.96.12.201", "down.pinduoduo-hb.top", "d.zq-app.xyz"])
    + "/"
    + r.choice(["pdd_huodong", "pinduoduo_tx", "hongbao", "zhuli", "renwu"])
    + r.choice(["", "_v2", "_1.3.7"])
    + ".apk",
    "ip_url": lambda r: f"http://{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    + r.choice(["/pdd/", ":8080/login", "/tx"]),
}

_SLOT_RE = re.compile(r"\{(\w+)\}")


def _fill(template: str, rng: Rng) -> str:
    return _SLOT_RE.sub(lambda m: _SLOTS[m.group(1)](rng), template)


# ---------------------------------------------------------------------------------------------
# Templates: (text, has_link). Benign group traffic first, then one list per risky category.
# ---------------------------------------------------------------------------------------------

_CHATTER = [
    "谢谢", "已砍", "已助力", "砍了", "好的", "收到", "谢谢大家{emoji}", "互助互助", "早上好", "互砍互砍",
    "帮我点一下谢谢", "已点，麻烦回一下", "谁帮我砍一刀，必回", "我帮你了，帮我也点下", "还差一点点就成功了{emoji}",
    "今天的砍价又差0.01元", "有没有人帮忙助力一下，秒回", "刚才的链接点不开，重新发一下", "已经成功了，谢谢各位{emoji}",
    "新人报到，互助必回", "这个砍价是真的能免费拿吗", "我砍了三天了还差{n}%", "晚上好，今天还有人互砍吗",
    "帮砍的都回了，没回的说一下", "{name}你的我点过了", "谢谢{name}{emoji}", "互助群规：发链接后记得回砍",
    "助力完截图发群里", "还有谁没回的，我挨个点", "刚领到了，真的到货了", "我的也成功了，包邮到家",
    "拼多多今天有百亿补贴吗", "这个杯子质量怎么样，有人买过吗", "已回，互相帮助", "麻烦群主把广告踢了",
    "新的一天，大家继续互助", "一起加油，争取都免费拿", "不好意思刚才在忙，现在回", "收到货了，东西还不错",
    "这个链接我点了显示已经帮过了", "明天再帮你，今天次数用完了", "哈哈哈哈", "{emoji}{emoji}",
    "砍价还剩{n}个小时，求助", "互助互助，有来必回{emoji}", "帮忙点一下，马上就成功了",
    "刚买的{goods}，{price}元挺划算",
    "今天的现金大转盘转到了{n}元", "点过了", "ok", "求砍", "在吗", "回了回了", "大家晚安",
    "我昨天砍的那个{goods}今天到货了，包装挺好的，大家放心砍，真的是免费的{emoji}",
    "有没有人知道现金大转盘最后那0.01怎么才能转到，我卡在这里好几天了",
    "刚才帮了一圈，没回我的麻烦回一下哈，我的链接在上面，谢谢大家了",
    "群里的朋友们早上好，今天继续互助，发链接的记得回砍，不回的下次就不帮了哦",
    "这个群比之前那个好多了，大家都很自觉，点了都会回{emoji}",
    "我妈也在玩这个，让我帮她拉人助力，有没有新用户可以帮忙点一下的",
    "请问新用户助力是不是比老用户砍得多？我看别人一刀砍了好多",
    "晚上八点以后助力的人多，大家可以那时候发链接",
]

_TASK = [
    "帮我砍一刀 {pdd_bargain}",
    "砍价免费拿{goods}，帮我砍一刀吧 {pdd_bargain}",
    "{pdd_short} 帮我助力一下，谢谢{emoji}",
    "互助必回 {pdd_short}",
    "【拼多多】百亿补贴 超划算 {pdd_goods} 「{goods}」",
    "帮我点一下 {pdd_goods}",
    "我在拼多多砍价免费拿{goods}，就差你这一刀了！{pdd_bargain}",
    "{pdd_bargain}\n砍一刀，必回{emoji}",
    "各位帮忙点一下，已经砍到{n}成了 {pdd_short}",
    "{name}帮我砍一下 {pdd_short} 我已经帮你点了",
    "现金大转盘差一点点，帮我助力 {pdd_short}",
    "拼多多助力 {pdd_goods} 回砍",
    "{pdd_short}",
    "{pdd_goods}",
    "【拼多多】{goods} 仅需{price}元，快来和我一起拼 {pdd_goods}",
]

_SHARE = [
    "【{goods}】{tb_short} 点击链接，再选择浏览器咑閞；或復·制这段描述{tb_token}后到👉淘♂寳♀👈",
    "【淘宝】7天无理由退货 {tb_short} CZ{n}56 「{goods}」",
    "【京东】{jd_short} MU5{n}04 「{goods}」 点击链接直接打开 或者复制文案打开京东",
    "{n}.32 复制打开抖音，看看【{name}的作品】{dy_short} 复制此链接，打开Dou音搜索，直接观看视频！",
    "{n}6 {name}发布了一篇小红书笔记，快来看吧！ 😆 {tb_token} 😆 {xhs_short} "
    "复制本条信息，打开【小红书】App查看精彩内容！",
    "京东也有活动，帮我点下 {jd_short}",
    "淘宝的也帮忙点一下 {tb_short}",
]

_CODE = [
    "打开拼多多APP，搜索以下数字邀请码 {fudai} 帮我助力福袋",
    "福袋互助码 {fudai}，帮点必回",
    "组队助力码 {fudai}",
    "{fudai} 福袋助力，谢谢",
]

_WARNING = [
    "客服不会向你要验证码，千万别给",
    "提醒一下大家：群里说要先交押金的都是骗子，不要转账",
    "群里有人发 {look_host} 的链接，千万别点，那不是拼多多官方的",
    "大家注意，凡是让你下载APP才能提现的都是诈骗",
    "别信什么刷单返利，我朋友被骗了{amount}块",
    "官方砍价不需要任何费用，要钱的都是假的",
    "谨防诈骗：不要把身份证号和银行卡号发给陌生人",
    "有人私聊我说加微信领红包，大家别加",
]

_ENGLISH = [
    "thanks!", "done, pls help me back", "ok", "helped you, my link pls", "good morning all",
    "can someone help me cut? {pdd_short}", "pls help {pdd_goods}", "lol", "thank u {emoji}",
    "just got my free {n} items, legit", "who still needs help?", "check this {tb_short}",
]

_RISKY: dict[str, list[str]] = {
    "credential": [
        "把收到的验证码发我一下，我帮你助力",
        "您好，我是拼多多客服，退款需要核实身份，请把短信验证码告诉我",
        "登录一下你的账号，把密码发我，我帮你砍到0元",
        "助力需要验证，麻烦把手机上收到的{code6}这个码报给我",
        "领取奖励需要输入支付密码确认，发我就行",
        "你把验证码给我，我用你号帮你领{amount}元红包",
        "不要担心，验证码发我就行，马上帮你砍成功",
        "把你的拼多多账号和登录密码给我，我批量帮你点",
        "您好，这边是拼多多售后，您购买的{goods}有质量问题，需要给您办理三倍理赔，稍后会收到一个验证码，请您报给我核对",
    ],
    "money": [
        "先交{amount}元押金，砍价成功后全额退还",
        "提现需要缴纳{amount}元手续费，转给我就帮你提",
        "你的账户被冻结了，需要交解冻费{amount}元才能提现",
        "会员激活费{amount}元，交了以后每天免费拿",
        "转账到这个账户 {bank_card}，备注拼多多助力",
        "保证金{amount}，做完任务连本带利一起返",
        "想要砍成功的先转{amount}给我，包成功，不成退钱",
        "扫码付{amount}元解锁提现，名额有限",
        "恭喜你已经砍到最后一步了，系统显示需要先充值{amount}元验证账户才能解锁提现，充值后秒到账，名额有限先到先得",
    ],
    "spam": [
        "加微信 {wx} 拉你进高佣群，日入{amount}+",
        "兼职日结，一单{n}元，有意加QQ {qq}",
        "招宝妈兼职，足不出户日赚{amount}，加vx {wx}",
        "想赚零花钱的私聊我，加微信{wx}",
        "高薪兼职，手机操作，日结{amount}元，QQ：{qq}",
        "免费送{goods}，加我微信 {wx} 领取",
        "有需要助力的加QQ群{qq}，秒砍",
        "V我{amount}，带你一起赚钱",
        "【招聘】手机兼职，在家就能做，点赞关注截图就有佣金，一单{n}元，日结不拖欠，宝妈学生上班族都可以，有意向的加微信{wx}详聊",
    ],
    "violation": [
        "专业刷单，垫付本金，立返佣金{n}%",
        "代砍价，{amount}元包成功，不成功不收费",
        "出售拼多多助力号，批量代砍，量大从优",
        "刷单返利，一单一结，新手任务送{n}元",
        "接单员招募：连单任务，充值越多返利越多",
        "代点现金大转盘，{amount}元保提现",
        "有偿代砍，{n}元一刀，需要的私聊",
    ],
    "malware": [
        "下载APP才能提现 {apk_url}",
        "安装拼多多活动板领取红包：{apk_url}",
        "新版助力神器，下载安装后自动砍价 {apk_url}",
        "先下载这个软件才能领 {apk_url}",
        "聚会相册，快看看有没有你 {apk_url}",
        "下载腾讯会议，打开屏幕共享，我教你操作退款",
    ],
    "pii": [
        "我的手机号 {phone} 帮我助力一下",
        "领奖需要登记，身份证号 {id_card} 姓名{name}",
        "银行卡号 {bank_card} 开户行建设银行，奖金打这里",
        "把你身份证号和银行卡号发我，帮你办理理赔",
        "联系电话{phone}，有事打我",
        "实名认证：{name} {id_card} {phone}",
    ],
    "phishing": [
        "【拼多多官方】恭喜您获得免单资格，点击领取 {look_url}",
        "拼多多客服通知：您的订单异常，请登录 {look_url} 处理退款",
        "拼多多砍价已成功，请在24小时内到 {look_url} 填写收货地址",
        "官方助力活动：{look_url} 输入手机号即可领取{amount}元",
        "【淘宝】您的快递丢失，三倍理赔请点 {look_url}",
        "拼多多现金大转盘提现通道 {ip_url}",
        "京东客服：您误开通了会员服务，关闭请访问 {look_url}",
        "拼多多官方百亿补贴入口 {look_url} 限时抢购",
    ],
}

# Evasion tables.
_ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
_T2S_INV = dict(
    zip(
        "验证码转账银行卡兼职刷单续费载说请击领取话号单际现团结网务费优户冻解会员发给钱扫礼间这还让为过们对开关实认证软买卖",
        "驗證碼轉賬銀行卡兼職刷單續費載說請擊領取話號單際現團結網務費優戶凍解會員發給錢掃禮間這還讓為過們對開關實認證軟買賣",
        strict=True,
    )
)
_HOMOPHONES = {
    "微信": ["薇信", "威信", "v信", "vx", "VX", "wx", "徽信", "绿泡泡", "卫星"],
    "QQ": ["扣扣", "企鹅", "Q号", "qq"],
    "加": ["+", "➕", "加"],
}
_CIRCLED = dict(zip("0123456789", "⓪①②③④⑤⑥⑦⑧⑨", strict=True))
_CN_DIGITS = dict(zip("0123456789", "零一二三四五六七八九", strict=True))
_SPACE_WORDS = ["验证码", "刷单", "兼职", "押金", "手续费", "微信", "转账", "密码", "下载", "代砍", "日结", "身份证"]
_URL_RE = re.compile(r"(?:https?://)?[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:/[^\s，。「」！]*)?")
_NUM_RE = re.compile(r"\d{5,}")
_DOT_RE = re.compile(r"(?:https?://)?([A-Za-z0-9-]+)\.(com|top|cn|xyz|vip|shop|icu|cc)\b")
_OFFICIAL_LABELS = {"yangkeduo", "pinduoduo", "tb", "jd", "douyin", "3", "xhslink"}
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def has_han(text: str) -> bool:
    """Whether the text contains a CJK unified ideograph (a Chinese message)."""
    return _HAN_RE.search(text) is not None


def _outside_urls(text: str, fn: Callable[[str], str]) -> str:
    parts: list[str] = []
    last = 0
    for m in _URL_RE.finditer(text):
        parts.append(fn(text[last : m.start()]))
        parts.append(m.group())
        last = m.end()
    parts.append(fn(text[last:]))
    return "".join(parts)


def _ev_zero_width(text: str, rng: Rng) -> str | None:
    spots = [i for i, c in enumerate(text[:-1]) if "\u4e00" <= c <= "\u9fff"]
    if len(spots) < 2:
        return None
    chosen = set(rng.sample(spots, min(len(spots), rng.randint(2, 5))))
    return "".join(c + (rng.choice(_ZW) if i in chosen else "") for i, c in enumerate(text))


def _ev_full_width(text: str, rng: Rng) -> str | None:
    def widen(s: str) -> str:
        return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in s)

    out = _outside_urls(text, widen)
    return out if out != text else None


def _ev_traditional(text: str, rng: Rng) -> str | None:
    out = "".join(_T2S_INV.get(c, c) for c in text)
    return out if out != text else None


def _ev_spaced(text: str, rng: Rng) -> str | None:
    present = [w for w in _SPACE_WORDS if w in text]
    if not present:
        return None
    word = rng.choice(present)
    sep = rng.choice([" ", " ", "·", "-", "/", "*"])
    return text.replace(word, sep.join(word), 1)


def _ev_homophone(text: str, rng: Rng) -> str | None:
    for word in ("微信", "QQ"):
        if word in text:
            return text.replace(word, rng.choice(_HOMOPHONES[word]), 1)
    if "加" in text and rng.random() < 0.5:
        return text.replace("加", rng.choice(_HOMOPHONES["加"]), 1)
    return None


def _ev_dot_com(text: str, rng: Rng) -> str | None:
    m = _DOT_RE.search(text)
    if m is None or m.group(1) in _OFFICIAL_LABELS:
        return None
    dot = rng.choice(["点", "。", " dot ", "丶", "．"])
    return text[: m.start()] + m.group(1) + dot + m.group(2) + text[m.end() :]


def _ev_circled(text: str, rng: Rng) -> str | None:
    table = _CIRCLED if rng.random() < 0.6 else _CN_DIGITS
    out = _outside_urls(text, lambda s: _NUM_RE.sub(lambda m: "".join(table[c] for c in m.group()), s))
    return out if out != text else None


_EVASIONS: dict[str, Callable[[str, Rng], str | None]] = {
    "zero_width": _ev_zero_width,
    "full_width": _ev_full_width,
    "traditional": _ev_traditional,
    "spaced": _ev_spaced,
    "homophone": _ev_homophone,
    "dot_com": _ev_dot_com,
    "circled_digits": _ev_circled,
}
# Chance that a message carries an evasion trick: scams use them far more than honest chat.
_EVASION_RATE = {"risky": 0.50, "benign": 0.055}

# Message kinds and their weights in the mix (share of messages).
_KINDS: list[tuple[str, float]] = [
    ("chatter", 0.25),
    ("task", 0.215),
    ("share", 0.065),
    ("code", 0.03),
    ("warning", 0.03),
    ("english", 0.07),
    ("multi", 0.11),
    ("risky", 0.21),
]
_LINK_SLOTS = ("_goods}", "_bargain}", "_short}", "_url}", "look_host}")


def _template_link(template: str) -> bool:
    return any(s in template for s in _LINK_SLOTS)


def _pick(rng: Rng, templates: Sequence[str]) -> tuple[str, bool]:
    t = rng.choice(templates)
    return _fill(t, rng), _template_link(t)


def _benign(rng: Rng, kind: str) -> tuple[str, bool]:
    if kind == "chatter":
        return _pick(rng, _CHATTER)
    if kind == "task":
        return _pick(rng, _TASK)
    if kind == "share":
        return _pick(rng, _SHARE)
    if kind == "code":
        return _pick(rng, _CODE)
    if kind == "warning":
        return _pick(rng, _WARNING)
    if kind == "english":
        return _pick(rng, _ENGLISH)
    # multi: several lines pasted at once (a long post: chatter, maybe one task link or share text).
    target = rng.choice([130, 160, 180, 220, 260, 320, 400, MAX_CHARS])
    lines: list[str] = []
    link = False
    if rng.random() < 0.45:
        text, link = _pick(rng, rng.choice([_TASK, _SHARE]))
        lines.append(text)
    while sum(len(x) + 1 for x in lines) < target:
        lines.insert(rng.randint(0, len(lines)), _pick(rng, _CHATTER)[0])
    return "\n".join(lines), link


def _message(rng: Rng) -> Message:
    kind = rng.choices([k for k, _ in _KINDS], weights=[w for _, w in _KINDS])[0]
    category = ""
    if kind == "risky":
        category = rng.choice(CATEGORIES)
        text, link = _pick(rng, _RISKY[category])
        if rng.random() < 0.25:  # scams are often wrapped in friendly group chatter
            lead, _ = _pick(rng, _CHATTER)
            text = f"{lead}，{text}" if rng.random() < 0.5 else f"{text} {lead}"
    else:
        text, link = _benign(rng, kind)
    evasion = ""
    if rng.random() < _EVASION_RATE["risky" if kind == "risky" else "benign"]:
        names = list(_EVASIONS)
        rng.shuffle(names)
        for name in names:
            out = _EVASIONS[name](text, rng)
            if out is not None:
                text, evasion = out, name
                break
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
    return Message(text, kind, category, link, evasion)


def generate_messages(n: int, seed: int = 0) -> list[Message]:
    """`n` labeled messages; the same seed always gives the same list."""
    rng = random.Random(seed)
    return [_message(rng) for _ in range(n)]


def generate(n: int, seed: int = 0) -> list[str]:
    """`n` chat messages of the benchmark mix; the same seed always gives the same list."""
    return [m.text for m in generate_messages(n, seed)]


LONG_SCAM = (
    "【拼多多官方客服】恭喜您的助力奖励已到账，请点击 https://pinduoduo-help.top/claim 登录领取，"
    "并把收到的验证码发给客服核实"
)


def long_message(chars: int, seed: int = 0) -> str:
    """One message of exactly `chars` characters: honest group chat pasted together, a scam at the very end."""
    rng = random.Random(seed)
    budget = chars - len(LONG_SCAM) - 1
    lines: list[str] = []
    size = 0
    while size < budget:
        m = _message(rng)
        if m.kind == "risky" or m.kind == "warning":
            continue
        lines.append(m.text)
        size += len(m.text) + 1
    body = "\n".join(lines)[: max(budget, 0)]
    return (body + "\n" + LONG_SCAM)[-chars:]


def main(argv: list[str] | None = None) -> int:
    """Print generated messages as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of messages (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--labels", action="store_true", help="add kind, category, link and evasion")
    parser.add_argument("--long", choices=list(LONG_SIZES), help="print one long message of this size instead")
    args = parser.parse_args(argv)
    out = sys.stdout
    if args.long:
        out.write(json.dumps({"text": long_message(LONG_SIZES[args.long], args.seed)}, ensure_ascii=False) + "\n")
        return 0
    for m in generate_messages(args.n, args.seed):
        record = asdict(m) if args.labels else {"text": m.text}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
