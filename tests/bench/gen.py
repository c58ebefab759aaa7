#!/usr/bin/env python3
"""gen.py N WORKSPACE TASKS_JSON [--seed=S] [--okrs=M]
                                [--tickets=T --tickets-json=F]

Generate N tasks and M objectives (default 40, three key results each) as
bops record files written straight into WORKSPACE (made by `bops init`),
in the canonical YAML that bops itself writes, and the same N tasks as a
JSON array for `task import` (taskwarrior 2.6) in TASKS_JSON.  Prints "ID UUID" of
the first task not started, for the benchmarks that change one task.

With --tickets=T, also T service tickets (most of them closed, as a
team's history is), each with its thread of messages, replies and status
changes, for the customers they name (one for every 20 tickets), and the
same tickets as taskwarrior tasks of project "service" in the JSON file F.

The data is pseudo-random but fixed by the seed.  Times are spread over
the year before now; due dates and OKR periods lie around now, so that
`today`, pace and overdue mean something.  Nothing here runs git.
"""

import datetime
import json
import os
import random
import sys
import uuid

ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
RANK_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

PEOPLE = ["lan", "minh", "bao", "wei", "mei", "anna", "omar"]
STATUSES = [("not-started", 50), ("processing", 15), ("done", 35)]
PRIORITIES = [(None, 20), ("urgent", 5), ("high", 20), ("normal", 40),
    ("low", 15)]
TW_PRIORITY = {"urgent": "U", "high": "H", "normal": "M", "low": "L"}
TEAMS = ["marketing", "sales", "service", "cx", "ops"]
TAGS = ["email", "seo", "ads", "event", "crm", "renewal", "onboarding",
    "churn", "vip", "q4", "khách-hàng", "báo-cáo", "客户", "市场",
    "landing-page", "webinar", "partner", "invoice"]
ESTIMATES = [(None, 30), (1, 20), (2, 20), (3, 15), (5, 8), (8, 4),
    (0.5, 3)]

# Title templates in English, Vietnamese, Chinese and Thai; {x} is a thing
# and {n} a number.
TITLES = [
    "Call back {x} about the renewal",
    "Write the blog post on {x}",
    "Prepare the Q{q} report for {x}",
    "Fix the broken link in the {x} newsletter",
    "Review the {x} contract, draft {n}",
    "Send the invoice #{n} to {x}",
    "Plan the webinar: {x} for beginners",
    "Gọi lại cho khách hàng {x}",
    "Chuẩn bị báo cáo quý {q} cho {x}",
    "Viết bài giới thiệu sản phẩm mới số {n}",
    "Kiểm tra hợp đồng với {x} trước thứ sáu",
    "Cập nhật danh sách khách hàng tiềm năng ({n})",
    "准备第{q}季度的销售报告",
    "回复{x}的客户投诉 {n}",
    "更新产品页面的图片和文案",
    "安排与{x}的会议",
    "ติดตามลูกค้า {x} เรื่องใบเสนอราคา",
    "เตรียมสไลด์สำหรับงานสัมมนา {n}",
]
THINGS = ["Acme", "Phở 24", "Bình Minh Co", "Globex", "华为", "Lotus Spa",
    "Sài Gòn Books", "Initech", "Umbrella", "Tân Phú Mart", "Zenith",
    "北京书店", "Hoa Sen", "Stark Foods"]
NOTES = [
    "Customer asked for a call after 3pm.\nBring the new price list.",
    "Khách hàng muốn xem bản demo trước.\nGửi email xác nhận sau buổi họp.",
    "客户要求下周之前完成。\n需要经理批准。",
    "Blocked on legal review.",
]
OBJECTIVES = [
    ("Grow revenue from returning customers", "sales", "financial"),
    ("Make every customer feel heard", "service", "value"),
    ("Tăng độ nhận diện thương hiệu tại Việt Nam", "marketing", "value"),
    ("提高客户满意度", "cx", "longevity"),
    ("Ship a faster onboarding", "ops", "tactical"),
]
KRS = [
    ("Serve 1000 meals at the hospital", 0, 1000, "meals", "up"),
    ("Raise NPS to 60", 35, 60, "points", "up"),
    ("Cut first response time to 2h", 8, 2, "h", "down"),
    ("Đạt 500 khách hàng mới", 0, 500, "khách", "up"),
    ("Close 40 deals", 0, 40, "deals", "up"),
    ("Giảm tỷ lệ rời bỏ xuống 5%", 12, 5, "%", "down"),
    ("发布20篇文章", 0, 20, "篇", "up"),
]

IMPLICIT_WORDS = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
    "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
    "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~", "=", "<<"}
NUMERIC = set("0123456789abcdefABCDEF_xXoO.:+-tTzZ ")
INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def is_implicit(s):
    """Mirror of lib/yaml.c is_implicit: could YAML read it as non-string."""
    if s == "" or s in IMPLICIT_WORDS:
        return True
    i = 1 if s[0] in "+-" else 0
    if i == len(s):
        return False
    if s[i:] in (".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"):
        return True
    if not (s[i].isdigit() and s[i] < "\x80") and s[i] != ".":
        return False
    return all(c in NUMERIC for c in s[i:])


def plain_ok(s):
    """Mirror of lib/yaml.c plain_syntax_ok for a block value."""
    if s == "" or s[0] == " " or s[-1] == " " or s[-1] == ":":
        return False
    if s[0] in INDICATORS and not (s[0] == "-" and len(s) > 1 and
            (s[1].isdigit() or s[1] == ".")):
        return False
    if s.startswith("---") or s.startswith("..."):
        return False
    if "\n" in s or "\t" in s or ": " in s or " #" in s:
        return False
    return True


def scalar(s, indent=0):
    """A string value as bops emits it (no control characters here)."""
    if "\n" in s:
        body = s.rstrip("\n")
        trailing = len(s) - len(body)
        head = "|" + ("-" if trailing == 0 else "+" if trailing > 1 else "")
        pad = " " * (indent + 2)
        lines = [pad + ln if ln else "" for ln in body.split("\n")]
        return head + "\n" + "\n".join(lines)
    if not plain_ok(s):
        return "'" + s.replace("'", "''") + "'"
    if is_implicit(s):
        return "'" + s + "'"
    return s


def number(v):
    return "%d" % v if float(v).is_integer() else repr(float(v))


def instant(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def tw_instant(t):
    return t.strftime("%Y%m%dT%H%M%SZ")


def rank36(t):
    v = int(t.timestamp())
    out = ""
    for _ in range(7):
        out = RANK_DIGITS[v % 36] + out
        v //= 36
    return out


def pick(rng, weighted):
    total = sum(w for _, w in weighted)
    r = rng.uniform(0, total)
    for v, w in weighted:
        r -= w
        if r <= 0:
            return v
    return weighted[-1][0]


def new_id(rng, seen):
    while True:
        s = "".join(rng.choice(ID_ALPHABET) for _ in range(10))
        if s not in seen:
            seen.add(s)
            return s


def title(rng):
    return rng.choice(TITLES).format(x=rng.choice(THINGS),
        n=rng.randint(1, 999), q=rng.randint(1, 4))


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def gen_task(rng, now, seen):
    tid = new_id(rng, seen)
    status = pick(rng, STATUSES)
    created = now - datetime.timedelta(seconds=rng.randint(3600,
        365 * 86400))
    updated = created + (now - created) * rng.random() ** 2
    updated = updated.replace(microsecond=0)
    t = {
        "id": tid,
        "title": title(rng),
        "status": status,
        "assignee": rng.choice(PEOPLE) if rng.random() < 0.9 else None,
        "priority": pick(rng, PRIORITIES),
        "due": None,
        "estimate": pick(rng, ESTIMATES),
        "tags": [],
        "rank": rank36(created),
        "notes": rng.choice(NOTES) if rng.random() < 0.1 else None,
        "created": created,
        "updated": updated,
        "started": None,
        "finished": None,
    }
    if rng.random() < 0.6:
        t["due"] = (created + datetime.timedelta(days=rng.randint(1,
            120))).date()
    t["tags"].append(rng.choice(TEAMS))
    for tag in rng.sample(TAGS, rng.randint(0, 2)):
        t["tags"].append(tag)
    if status != "not-started":
        t["started"] = created + (updated - created) * rng.random()
        t["started"] = t["started"].replace(microsecond=0)
    if status == "done":
        t["finished"] = updated
    return t


def task_yaml(t):
    out = ["title: " + scalar(t["title"]), "status: " + t["status"]]
    if t["assignee"]:
        out.append("assignee: " + scalar(t["assignee"]))
    if t["priority"]:
        out.append("priority: " + t["priority"])
    if t["due"]:
        out.append("due: " + t["due"].isoformat())
    if t["estimate"] is not None:
        out.append("estimate: " + number(t["estimate"]))
    if t["tags"]:
        out.append("tags:")
        out.extend("- " + scalar(x) for x in t["tags"])
    out.append("rank: " + scalar(t["rank"]))
    if t["notes"]:
        # notes is a log: one entry, written when the task was made
        out.append("notes:")
        out.append("- at: " + instant(t["created"]))
        out.append("  by: " + scalar(t["assignee"] or "bench"))
        out.append("  text: " + scalar(t["notes"], 2))
    out.append("created: " + instant(t["created"]))
    out.append("updated: " + instant(t["updated"]))
    if t["started"]:
        out.append("started: " + instant(t["started"]))
    if t["finished"]:
        out.append("finished: " + instant(t["finished"]))
    return "\n".join(out) + "\n"


def task_tw(t, rng):
    """The same task as taskwarrior 2.6 import JSON."""
    d = {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "description": t["title"],
        "status": "completed" if t["status"] == "done" else "pending",
        "entry": tw_instant(t["created"]),
        "modified": tw_instant(t["updated"]),
        "project": t["tags"][0],
        "tags": t["tags"],
        "rank": t["rank"],
        "bopsid": t["id"],
    }
    if t["assignee"]:
        d["assignee"] = t["assignee"]
    if t["priority"]:
        d["priority"] = TW_PRIORITY[t["priority"]]
    if t["due"]:
        d["due"] = t["due"].strftime("%Y%m%dT000000Z")
    if t["estimate"] is not None:
        d["estimate"] = str(t["estimate"])
    if t["notes"]:
        d["annotations"] = [{"entry": tw_instant(t["created"]),
            "description": t["notes"].replace("\n", " ")}]
    if t["status"] == "processing":
        d["start"] = tw_instant(t["started"])
    if t["status"] == "done":
        d["end"] = tw_instant(t["finished"])
    return d

SUBJECTS = [
    "Cannot log in since the update",
    "Invoice #{n} charged twice",
    "Please change the delivery address",
    "Không nhận được email xác nhận đơn hàng {n}",
    "Ứng dụng bị lỗi khi thanh toán",
    "订单{n}还没有发货",
    "无法导出报表",
    "ขอใบกำกับภาษีสำหรับคำสั่งซื้อ {n}",
    "Wie ändere ich mein Passwort?",
]
MESSAGES = [
    "Hello, since this morning I get an error.\nCan you help?",
    "Chào anh chị, em đặt hàng từ tuần trước mà chưa nhận được.",
    "你好，我的账户有问题，请尽快处理。",
    "Guten Tag, die Rechnung stimmt nicht.",
]
REPLIES = [
    "Thanks, we are looking into it.",
    "Dạ, bên em đã kiểm tra và sẽ phản hồi trong hôm nay.",
    "我们已经收到，会尽快回复您。",
]
TICKET_STATUSES = [("new", 6), ("open", 10), ("pending", 4),
    ("resolved", 10), ("closed", 70)]
TICKET_PRIORITIES = [("urgent", 5), ("high", 20), ("normal", 55),
    ("low", 20)]
CHANNELS = ["email", "chat", "phone", "zalo"]
QUEUES = ["support", "billing"]
TW_TICKET_PRIORITY = {"urgent": "H", "high": "H", "normal": "M", "low": "L"}


def customer_yaml(rng, now, name):
    created = now - datetime.timedelta(days=rng.randint(400, 900))
    paid = created + datetime.timedelta(days=rng.randint(1, 60))
    return "\n".join([
        "name: " + scalar(name),
        "email: " + scalar("ops%d@example.com" % rng.randint(1, 10 ** 6)),
        "owner: " + rng.choice(PEOPLE),
        "stage: customer",
        "stage_history:",
        "- at: " + instant(created),
        "  by: " + rng.choice(PEOPLE),
        "  stage: lead",
        "- at: " + instant(paid),
        "  by: " + rng.choice(PEOPLE),
        "  stage: customer",
        "created: " + instant(created),
        "updated: " + instant(paid)]) + "\n"


def gen_ticket(rng, now, seen, customers):
    """A ticket and its thread: the customer's message, then (unless it is
    new) a reply that opens it, then the status changes to where it is."""
    cid, cname = rng.choice(customers)
    status = pick(rng, TICKET_STATUSES)
    created = now - datetime.timedelta(seconds=rng.randint(3600,
        365 * 86400))
    at = created
    who = rng.choice(PEOPLE)
    thread = [(at, cname, "message", rng.choice(MESSAGES), None, None)]

    def later(lo, hi):
        return min(at + datetime.timedelta(seconds=rng.randint(lo, hi)), now)
    if status != "new":
        at = later(300, 3 * 86400)
        thread.append((at, who, "reply", rng.choice(REPLIES), None, None))
        thread.append((at, who, "status", None, "new", "open"))
    flow = {"pending": ["pending"], "resolved": ["resolved"],
        "closed": ["resolved", "closed"]}.get(status, [])
    old = "open"
    for new in flow:
        at = later(600, 5 * 86400)
        thread.append((at, who, "status", None, old, new))
        old = new
    return {
        "id": new_id(rng, seen),
        "subject": rng.choice(SUBJECTS).format(n=rng.randint(1000, 99999)),
        "customer": cid,
        "priority": pick(rng, TICKET_PRIORITIES),
        "status": status,
        "assignee": who if status != "new" else None,
        "queue": rng.choice(QUEUES),
        "channel": rng.choice(CHANNELS),
        "thread": thread,
        "created": created,
        "updated": at,
    }


def ticket_yaml(t):
    out = ["subject: " + scalar(t["subject"]),
        "customer: " + t["customer"],
        "priority: " + t["priority"],
        "status: " + t["status"]]
    if t["assignee"]:
        out.append("assignee: " + t["assignee"])
    out.append("queue: " + t["queue"])
    out.append("channel: " + t["channel"])
    out.append("thread:")
    for at, by, event, text, old, new in t["thread"]:
        out.append("- at: " + instant(at))
        out.append("  by: " + scalar(by))
        out.append("  event: " + event)
        if text:
            out.append("  text: " + scalar(text, 2))
        if old:
            out.append("  old: " + old)
            out.append("  new: " + new)
    out.append("created: " + instant(t["created"]))
    out.append("updated: " + instant(t["updated"]))
    return "\n".join(out) + "\n"


def ticket_tw(t, rng):
    """The same ticket as a taskwarrior task of project "service"."""
    done = t["status"] in ("resolved", "closed")
    d = {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "description": t["subject"],
        "status": "completed" if done else "pending",
        "entry": tw_instant(t["created"]),
        "modified": tw_instant(t["updated"]),
        "project": "service",
        "tags": [t["queue"]],
        "priority": TW_TICKET_PRIORITY[t["priority"]],
        "bopsid": t["id"],
    }
    if t["assignee"]:
        d["assignee"] = t["assignee"]
    if done:
        d["end"] = tw_instant(t["updated"])
    return d


def write_sharded(ws, kind_dir, rid, text, made):
    d = os.path.join(ws, kind_dir, rid[:2])
    if d not in made:
        os.makedirs(d, exist_ok=True)
        made.add(d)
    write(os.path.join(d, rid + ".yaml"), text)


def gen_tickets(rng, now, seen, ws, ntickets, tw_json):
    made = set()
    customers = []
    for i in range((ntickets + 19) // 20):
        cid = new_id(rng, seen)
        name = "%s %d" % (rng.choice(THINGS), i + 1)
        write_sharded(ws, "customers", cid, customer_yaml(rng, now, name),
            made)
        customers.append((cid, name))
    with open(tw_json, "w", encoding="utf-8") as js:
        js.write("[\n")
        for i in range(ntickets):
            t = gen_ticket(rng, now, seen, customers)
            write_sharded(ws, "tickets", t["id"], ticket_yaml(t), made)
            js.write(("," if i else "") + json.dumps(ticket_tw(t, rng),
                ensure_ascii=False) + "\n")
        js.write("]\n")


def quarter(now):
    q = (now.month - 1) // 3 + 1
    return "%d-Q%d" % (now.year, q)


def okr_yaml(rng, now, oid, i, parent):
    name, team, category = OBJECTIVES[i % len(OBJECTIVES)]
    created = now - datetime.timedelta(days=rng.randint(20, 60))
    out = ["title: " + scalar("%s (%d)" % (name, i + 1)),
        "period: " + quarter(now),
        "owner: " + rng.choice(PEOPLE),
        "team: " + team]
    if parent:
        out.append("parent: " + parent)
    out.append("status: active")
    out.append("category: " + category)
    out.append("key_results:")
    last = created
    for k in range(1, 4):
        krt, start, target, unit, direction = rng.choice(KRS)
        out.append("- id: %d" % k)
        out.append("  title: " + scalar(krt))
        out.append("  start: %d" % start)
        out.append("  target: %d" % target)
        ncheck = rng.randint(0, 4)
        values = []
        for c in range(ncheck):
            frac = (c + 1) / 5 * rng.uniform(0.5, 1.3)
            values.append(round(start + (target - start) * frac))
        if values:
            out.append("  current: %d" % values[-1])
        out.append("  unit: " + scalar(unit))
        out.append("  direction: " + direction)
        out.append("  weight: %d" % rng.choice([1, 1, 1, 2]))
        conf = None
        if values and rng.random() < 0.7:
            conf = rng.choice(["0.5", "0.6", "0.7", "0.8", "0.9"])
            out.append("  confidence: " + conf)
        if values:
            out.append("  checkins:")
        at = created
        for c, v in enumerate(values):
            at = at + datetime.timedelta(days=rng.randint(3, 9),
                seconds=rng.randint(0, 86399))
            at = min(at, now)
            last = max(last, at)
            out.append("  - at: " + instant(at))
            out.append("    by: " + rng.choice(PEOPLE))
            out.append("    value: %d" % v)
            if c == len(values) - 1 and conf:
                out.append("    confidence: " + conf)
    out.append("created: " + instant(created))
    out.append("updated: " + instant(last))
    return "\n".join(out) + "\n"


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv[1:] if a.startswith("--"))
    if len(args) != 3:
        sys.stderr.write(__doc__.split("\n")[0] + "\n")
        return 2
    n, ws, tw_json = int(args[0]), args[1], args[2]
    rng = random.Random(int(opts.get("seed", "1")))
    nokr = int(opts.get("okrs", "40"))
    now = datetime.datetime.now(datetime.timezone.utc).replace(
        microsecond=0, tzinfo=None)
    seen = set()

    made = set()
    sample = None
    with open(tw_json, "w", encoding="utf-8") as js:
        js.write("[\n")
        for i in range(n):
            t = gen_task(rng, now, seen)
            d = os.path.join(ws, "tasks", t["id"][:2])
            if d not in made:
                os.makedirs(d, exist_ok=True)
                made.add(d)
            write(os.path.join(d, t["id"] + ".yaml"), task_yaml(t))
            tw = task_tw(t, rng)
            if sample is None and t["status"] == "not-started":
                sample = "%s %s" % (t["id"], tw["uuid"])
            js.write(("," if i else "") + json.dumps(tw,
                ensure_ascii=False) + "\n")
        js.write("]\n")

    os.makedirs(os.path.join(ws, "okrs"), exist_ok=True)
    tops = []
    for i in range(nokr):
        oid = new_id(rng, seen)
        parent = rng.choice(tops) if tops and i >= 5 else None
        if i < 5:
            tops.append(oid)
        write(os.path.join(ws, "okrs", oid + ".yaml"),
            okr_yaml(rng, now, oid, i, parent))
    ntickets = int(opts.get("tickets", "0"))
    if ntickets:
        gen_tickets(rng, now, seen, ws, ntickets, opts["tickets-json"])
    if sample:
        print(sample)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
