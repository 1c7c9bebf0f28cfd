"""The words of a 干部名册 turned into the model's vocabulary.

Each function returns the canonical value when it recognises the text and the text
itself otherwise, so the record's constructor rejects it with its own message (which
lists the accepted values) and the reader adds the file, row and column.
"""

from __future__ import annotations

import re

GENDERS = {
    "m": "M",
    "f": "F",
    "男": "M",
    "女": "F",
    "男性": "M",
    "女性": "F",
    "male": "M",
    "female": "F",
}

# A full title such as 城关镇纪委副书记 ends in its role. Deputies first: 副书记 also
# ends in 书记 (and 副处长 in 处长).
_DEPUTY_SUFFIXES = ("副书记", "副主任", "副组长", "副处长", "副科长", "副局长")
_HEAD_SUFFIXES = ("书记", "主任", "组长", "处长", "科长", "局长")
_MEMBER_SUFFIXES = ("委员", "干部", "科员", "监察员", "其他")
# with the words of the messages and of plan.xlsx (正职, 负责人, 副职, 一般干部)
ROLES = {
    "head": "head",
    "deputy": "deputy",
    "member": "member",
    "正职": "head",
    "负责人": "head",
    "副职": "deputy",
    "一般干部": "member",
}

UNIT_KINDS = {
    "office": "office",
    "内设机构": "office",
    "室": "office",
    "area": "area",
    "派驻": "area",
    "片区": "area",
    "派驻纪检监察室": "area",
    "township": "township",
    "乡镇": "township",
    "街道": "township",
    "乡镇纪委": "township",
    "街道纪工委": "township",
    "department": "department",
    "部门": "department",
    "部门纪检组": "department",
    "派驻纪检组": "department",
}

RELATION_KINDS = {
    "spouse": "spouse",
    "夫妻": "spouse",
    "配偶": "spouse",
    "blood": "blood",
    "直系血亲": "blood",
    "血亲": "blood",
    "collateral": "collateral",
    "旁系血亲": "collateral",
    "三代以内旁系血亲": "collateral",
    "in-law": "in-law",
    "in_law": "in-law",
    "姻亲": "in-law",
    "近姻亲": "in-law",
    "other": "other",
    "其他": "other",
}

SKILLS = {"法律": "law", "财务": "finance", "财会": "finance", "审计": "audit"}

# Written in the frozen column to mean "nothing", not a reason.
_NO_REASON = {"否", "无", "no", "none", "0", "false", "n", "-"}

_SEPARATORS = re.compile(r"[;；,，、\s]+")
_COUNT = re.compile(r"\s*[:：]\s*")


def gender(text: str) -> str:
    """M or F from M/F, 男/女 (男性/女性), male/female (any case)."""
    return GENDERS.get(text.strip().lower(), text.strip())


def role(text: str) -> str:
    """head, deputy or member from English or a Chinese title; empty means member."""
    text = text.strip()
    if not text:
        return "member"
    if text.lower() in ROLES:
        return ROLES[text.lower()]
    for suffixes, value in (
        (_DEPUTY_SUFFIXES, "deputy"),
        (_HEAD_SUFFIXES, "head"),
        (_MEMBER_SUFFIXES, "member"),
    ):
        if text.endswith(suffixes):
            return value
    return text


def unit_kind(text: str) -> str:
    """office, area, township or department from English or Chinese."""
    return UNIT_KINDS.get(text.strip().lower(), text.strip())


def relation_kind(text: str) -> str:
    """spouse, blood, collateral, in-law or other; empty means other."""
    text = text.strip()
    return RELATION_KINDS.get(text.lower(), text) if text else "other"


ABSENCE_KINDS = {
    "training": "training",
    "培训": "training",
    "学习培训": "training",
    "集中培训": "training",
    "secondment": "secondment",
    "挂职": "secondment",
    "挂职锻炼": "secondment",
}


def absence_kind(text: str) -> str:
    """training or secondment from English or Chinese (培训, 挂职锻炼)."""
    return ABSENCE_KINDS.get(text.strip().lower(), text.strip())


def split_list(text: str) -> list[str]:
    """Items separated by ; ； , ， 、 or spaces, in order, blanks dropped."""
    return [item for item in _SEPARATORS.split(text.strip()) if item]


def skill(text: str) -> str:
    """A skill name: Chinese names translated, English lower-cased."""
    return SKILLS.get(text, text.lower())


def skills(text: str) -> frozenset[str]:
    """The skills in a cell such as ``law;finance`` or ``法律、审计``."""
    return frozenset(skill(item) for item in split_list(text))


def needs(text: str) -> dict[str, int]:
    """``law:1;finance:1`` (or ``法律：1；审计``) as a dict; a count left out means 1.

    Raises ``ValueError`` for a count that is not a whole number or a skill named twice.
    """
    out: dict[str, int] = {}
    # "law : 1" must stay one entry although spaces also separate entries.
    for entry in split_list(_COUNT.sub(":", text)):
        name, _, count = entry.partition(":")
        if not name:
            raise ValueError(f"'{entry}' names no skill (write law:1;finance:1)")
        key = skill(name)
        if key in out:
            raise ValueError(f"skill '{name}' is listed twice")
        try:
            out[key] = int(count) if count else 1
        except ValueError:
            raise ValueError(
                f"the count in '{entry}' is not a whole number (write law:1;finance:1)"
            ) from None
    return out


def frozen(text: str) -> str:
    """The reason someone cannot move now; 否/无/no … mean there is none."""
    text = text.strip()
    return "" if text.lower() in _NO_REASON else text


EDUCATION = {
    "doctorate": "doctorate",
    "doctor": "doctorate",
    "phd": "doctorate",
    "博士": "doctorate",
    "博士研究生": "doctorate",
    "master": "master",
    "masters": "master",
    "硕士": "master",
    "硕士研究生": "master",
    "研究生": "master",
    "bachelor": "bachelor",
    "本科": "bachelor",
    "大学": "bachelor",
    "大学本科": "bachelor",
    "college": "college",
    "大专": "college",
    "专科": "college",
    "大学专科": "college",
    "secondary": "secondary",
    "中专": "secondary",
    "高中": "secondary",
    "中专及以下": "secondary",
    "高中及以下": "secondary",
}

_YES = {"是", "yes", "y", "true", "1", "√", "重点", "重点岗位"}
_NO = {"否", "no", "n", "false", "0", "", "非重点", "-"}


def education(text: str) -> str:
    """An education level (doctorate, master, bachelor, college, secondary) from English
    or the 学历 of a 干部名册 (博士, 硕士, 研究生, 本科, 大专, 中专 …); empty stays empty."""
    text = text.strip()
    plain = text.removeprefix("全日制").removeprefix("在职")  # 在职研究生: how, not what
    for school in ("中央党校", "省委党校", "市委党校", "党校"):
        plain = plain.removeprefix(school)
    return EDUCATION.get(plain.lower(), text)


def flag(text: str) -> bool | None:
    """是/否, yes/no, true/false, 1/0 as a bool (blank is False); None when unrecognised."""
    text = text.strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None
