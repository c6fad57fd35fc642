"""What page furniture's text looks like: dates and times, share words, promo, copyright
and credit lines, archive-box keys, related-story labels, photo credits, scraper leftovers.

The patterns furniture's rules judge a block's text by (a block must be *only* a date, or
*start* with "©", to count: a sentence that mentions one is article text).
"""

# ruff: noqa: RUF001, RUF003  (CJK punctuation in patterns and examples is meant)

from __future__ import annotations

import datetime as dt
import re

SPACE = " \t\n\r\f\v\xa0\u3000\u200b\ufeff"
SHORT = 200  # furniture blocks are short (characters)

# --- dates -------------------------------------------------------------------------------

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:am|pm))?"
ZONE = r"(?:z|gmt|utc|[+-]\d{2}:?\d{2}|[a-z]{2,4}t)"
DATE_FORMS = [
    # 2025-02-15T08:03:55.243Z, 2021-07-08 02:04:51, 2020-10-12
    rf"(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?:[t\s]+{TIME})?\s*{ZONE}?",
    # Sat, 15 Feb 2025 08:17:25 GMT
    rf"(?:{WEEKDAY}\s*)?(?P<d>\d{{1,2}})\s+(?P<mon>{MONTH})\s+(?P<y>\d{{4}})"
    rf"(?:,?\s+{TIME})?(?:\s*{ZONE})?",
    # February 15, 2025 (10:30 GMT)
    rf"(?:{WEEKDAY}\s*)?(?P<mon>{MONTH})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})"
    rf"(?:,?\s+(?:at\s+)?{TIME})?(?:\s*{ZONE})?",
    # 03/03/2024 - 15:57 (day first, as RFI writes it), 2024/3/3 15:57
    rf"(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}})(?:\s*[-–,]?\s*{TIME})?",
    rf"(?P<y>\d{{4}})[/.](?P<m>\d{{1,2}})[/.](?P<d>\d{{1,2}})(?:\s*[-–,]?\s*{TIME})?",
    # 2025年2月14日 (星期五) 08:03
    rf"(?P<y>\d{{4}})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]"
    rf"(?:\s*[（(]?(?:星期|周|週)[一二三四五六日天][)）]?)?(?:\s*{TIME})?",
    # a time alone: "15:57", "更新于 08:03"
    rf"(?:更新(?:于|時間|时间)?[：:]?\s*|updated:?\s*)?{TIME}(?:\s*{ZONE})?",
]
DATE_LINE = [re.compile(rf"^\s*(?:{form})\s*$", re.I) for form in DATE_FORMS]
DATE_PREFIX = re.compile(
    r"^(?:发布(?:时间|日期|于)?|發佈(?:時間)?|更新(?:时间|時間|于)?|日期|时间|時間|"
    r"published|updated|posted|date)\s*[：:]?\s*",
    re.I,
)
RELATIVE = re.compile(
    r"^\s*(?:(?:\d+|一|两|兩|几|幾|半)\s*"
    r"(?:秒|分钟|分鐘|小时|小時|个小时|個小時|天|周|週|星期|个月|個月|年)"
    r"\s*(?:前|之前)|刚刚|剛剛|昨天|前天|"
    r"\d+\s*(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?|months?|years?)\s+ago|"
    r"just now|yesterday|an? (?:minute|hour|day|week) ago)\s*$",
    re.I,
)

_DIGIT = re.compile(r"\d")


def date_of(text: str) -> dt.date | bool | None:
    """The date a block that is only a date or time names; True for a time alone or a date
    that does not parse as a calendar day; None when the block is not only a date."""
    if not _DIGIT.search(text):
        return None  # every form holds a digit (the prefix taken off holds none)
    text = DATE_PREFIX.sub("", text.strip(SPACE))
    for pattern in DATE_LINE:
        m = pattern.match(text)
        if not m:
            continue
        parts = m.groupdict()
        if not parts.get("y"):
            return True
        month = MONTHS.index(parts["mon"][:3].lower()) + 1 if parts.get("mon") else int(parts["m"])
        try:
            return dt.date(int(parts["y"]), month, int(parts["d"]))
        except ValueError:
            return True
    return None


# --- text shapes ---------------------------------------------------------------------------

# A sentence ends here (a "." after a single capital is an initial: "JONAH E. BROMWICH").
SENTENCE_END = re.compile(r"[。！？!?；;]|(?<![\s.][A-Z])(?<!^[A-Z])[.](?:\s|$)")
SHARE_WORDS = re.compile(
    r"^(?:[\s:：|/,，·•\-]*(?:分享(?:到|至|本文|文章|此文)?|转发|轉發|"
    r"share(?: this(?: article| story)?)?|"
    r"share on|facebook|twitter|x|whatsapp|weibo|微博|微信|wechat|line|telegram|linkedin|reddit|"
    r"e-?mail|电邮|電郵|邮件|郵件|print|打印|列印|copy link|复制链接|複製連結|pinterest|qq|空间)"
    r"[\s:：|/,，·•\-]*)+$",
    re.I,
)
SHARE_CORE = re.compile(r"分享|转发|轉發|share", re.I)
# Promo notes: these phrases say what the block is, in a block of any length up to _SHORT...
_PROMO_LEAD = (
    r"^\W*(?:Feed-URL|iTunes|Apple Podcasts|Podcast[- ]?RSS)\W*(?:[:：/|]|$)|"
    r"^\W*(?:subscribe to|sign up for|download (?:the|our) app|follow us on)"
)
PROMO = re.compile(
    r"(?:点击|點擊)(?:此处|此處|这里|這裡)?查看本文英文版|"
    r"(?:温馨提示|溫馨提示)[：:].{0,80}(?:订阅|訂閱|下载|下載|应用|應用)|付费订阅|付費訂閱|"
    r"(?:点击|點擊)(?:此处|此處|这里|這裡)?订阅|欢迎(?:点击|點擊)?(?:此处|此處)?订阅|"
    r"订阅.{0,12}(?:简报|簡報|电子报|電子報|newsletter)|" + _PROMO_LEAD,
    re.I,
)
# Every match of PROMO's other branches holds one of these (CJK has no case: re.I leaves
# it as it is): without them only the start of the text needs looking at.
_PROMO_KEYS = ("查看本文英文版", "提示", "订阅", "訂閱")
_PROMO_LEAD_ONLY = re.compile(_PROMO_LEAD, re.I)


def is_promo(text: str) -> bool:
    """``PROMO.search(text)``, faster: the case-insensitive search along the whole text only
    when it holds a key word."""
    if any(key in text for key in _PROMO_KEYS):
        return PROMO.search(text) is not None
    return _PROMO_LEAD_ONLY.search(text) is not None


# ... these only in a short block (a sentence about a site's Instagram is news).
PROMO_SHORT = re.compile(
    r"(?:有|上)(?:Instagram|IG|YouTube|Telegram|Facebook|脸书|臉書)[！!]|"
    r"^欢迎(?:搜寻|搜索|关注|關注|追踪|追蹤)|"
    r"(?:请|請|欢迎|歡迎|立即|点击|點擊)(?:在.{0,20})?(?:下载|下載).{0,20}(?:应用|應用|App|客户端)",
    re.I,
)
PROMO_SHORT_MAX = 80
# What every PROMO_SHORT match holds: "!" (first branch), "欢迎" at the start, "下载".
_PROMO_SHORT_KEYS = ("!", "！", "下载", "下載")


def is_promo_short(text: str) -> bool:
    """``PROMO_SHORT.search(text)``, looked for only when the text holds what it needs."""
    if text.startswith("欢迎") or any(key in text for key in _PROMO_SHORT_KEYS):
        return PROMO_SHORT.search(text) is not None
    return False


BOILERPLATE = re.compile(
    r"我们的标准|我們的標準|信任原则|信任原則|Thomson Reuters Trust Principles|"
    r"致力于为您提供.{0,20}新闻报道|仅代表作者(?:或专家)?个人(?:立场|观点)。?$",
    re.I,
)
# "© 2020 AFP", "Copyright 2021 The Associated Press", "版权所有，翻印必究": not "Copyright law…"
_COPYRIGHT_LEAD = (
    r"^\W{0,3}(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})|(?:版权所有|版權所有)(?:\W|$))"
)
COPYRIGHT = re.compile(_COPYRIGHT_LEAD + r"|版权声明[：:]|版權聲明[：:]", re.I)
_COPYRIGHT_LEAD_ONLY = re.compile(_COPYRIGHT_LEAD, re.I)


def is_copyright(text: str) -> bool:
    """``COPYRIGHT.search(text)``, faster: along the whole text only when it holds "声明"."""
    if "声明" in text or "聲明" in text:
        return COPYRIGHT.search(text) is not None
    return _COPYRIGHT_LEAD_ONLY.search(text) is not None


CONTRIBUTION = re.compile(r"对本文有|對本文有")
_CREDIT_LEAD = r"^(?:实习)?(?:编译|翻译|译者|譯者|翻譯|審校|审校|核稿|校对|撰稿|编辑|編輯)\s*[：:/]"
_CREDIT_ANYWHERE = (
    r"(?:责编|責編|网编|網編)\s*[：:]|对本文有(?:研究|报道)?贡献。?$|對本文有(?:研究|報導)?貢獻。?$"
)
CREDIT_SURE = re.compile(f"{_CREDIT_LEAD}|{_CREDIT_ANYWHERE}")
# The branches apart: sre looks for a branch starting with a literal by its first characters
# (one with "^" in the pattern makes it try every branch at every position).
_CREDIT_LEAD_ONLY = re.compile(_CREDIT_LEAD)
_CREDIT_ANYWHERE_ONLY = re.compile(_CREDIT_ANYWHERE)


def is_credit(text: str) -> bool:
    """``CREDIT_SURE.search(text)``, its branches looked for apart (faster)."""
    return bool(_CREDIT_LEAD_ONLY.search(text) or _CREDIT_ANYWHERE_ONLY.search(text))


CREDIT_TAIL = re.compile(r"(?:责编|責編|网编|網編|^记者|^記者)")
AGENCY_CREDIT = re.compile(
    r"^(?:[^\s，。/（()）]{1,10}\s*/\s*){0,3}[^\s，。/（()）]{0,10}\s*/?\s*"
    r"[（(]\s*[^（()）。]{0,24}(?:社|综合报导|综合报道|綜合報導|等)[^（()）。]{0,12}。?[）)]$"
)
TRAILING_CREDIT = re.compile(
    r"\s*[（(]\s*(?:实习|實習)?(?:编译|編譯|译者|譯者|翻译|翻譯|核稿|审校|審校|责编|責編|编辑|編輯)"
    r"\s*[：:][^（()）]{1,60}[）)]\s*$"
)
ARCHIVE_KEY = re.compile(
    r"^(标题|標題|来源|來源|作者|发表日期|發表日期|主题归类|主題歸類|版权说明|版權說明|\w{0,6}收藏)[：:]"
)
ARCHIVE_ANY = re.compile(
    r"(?:标题|標題|来源|來源|作者|发表日期|發表日期|版权说明|版權說明|归类|歸類)[：:]"
)
RELATED_WORDS = (
    r"(?:相关阅读|相關閱讀|延伸阅读|延伸閱讀|相关报道|相關報導|相关新闻|相關新聞|推荐阅读|推薦閱讀|"
    r"更多阅读|更多閱讀|related(?: stories| articles| coverage)?|read more|see also|more on this)"
)
RELATED_LABEL = re.compile(rf"^\W*{RELATED_WORDS}")
RELATED_ANY = re.compile(RELATED_WORDS)  # in a text that holds no label anywhere
PHOTO_CREDIT = re.compile(
    r"^(?P<label>图像来源|圖像來源|图片来源|圖片來源|图片版权|圖片版權|图片提供|圖片提供|"
    r"image source|image copyright|photo credit|picture credit|photo|credit)\s*[，,：:]?\s*"
    r"(?P<who>\S.{0,60})$",
    re.I,
)
CAPTION_LABEL = re.compile(
    r"^\s*(?:image caption|图片说明|圖片說明|图像加注文字|圖像加注文字)\s*[:：]?\s*", re.I
)
TOKEN = re.compile(r"^\s*(?:null|undefined|NaN|Array|\[object Object\])\s*$")
LEADING_NULL = re.compile(r"^\s*(?:null|undefined)\s+(?=\S)")
END_MARK = re.compile(r"\s*\\?~\s*END\s*\\?~\s*", re.I)
EMAIL = re.compile(r"\s*\[email(?:&#160;|\s|\xa0)protected\]\s*", re.I)
PROTECTED = re.compile("protected", re.I)  # what any EMAIL match holds
ASTERISKS = re.compile(r"\*\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*\*")
NAME_LIKE = re.compile(r"^[^。！？!?；;：:]{1,40}$")
