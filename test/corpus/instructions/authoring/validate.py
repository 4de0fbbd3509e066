"""Checks the instruction corpus: JSON shape, unit codes against directory.json, real ISO dates,
deadlines not before receipt, label contract (file/unreadable carry nothing; approve = proposal).
Usage: python3 validate.py   (from anywhere)"""
import datetime as dt, json, os, re, sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
directory = json.load(open(os.path.join(HERE, 'directory.json'), encoding='utf-8'))
codes = {t['code'] for t in directory['targets']}
bad = 0

def fail(i, m):
    global bad
    bad += 1
    print('FAIL', i, m)

def real(s):
    try:
        return re.fullmatch(r'\d{4}-\d{2}-\d{2}', s) and dt.date.fromisoformat(s)
    except ValueError:
        return False

DIA = re.compile('[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]', re.I)
for f in ['replies.json', 'holdout.json']:
    p = os.path.join(HERE, f)
    if not os.path.exists(p):
        continue
    items = json.load(open(p, encoding='utf-8'))
    ids, kinds, quoted, plain = set(), {}, 0, 0
    for it in items:
        i, e = it['id'], it['expected']
        if i in ids: fail(i, 'duplicate id')
        ids.add(i)
        received = dt.datetime.fromisoformat(it['receivedAt'])
        if received.utcoffset() != dt.timedelta(hours=7): fail(i, 'receivedAt not +07:00')
        kinds[e['kind']] = kinds.get(e['kind'], 0) + 1
        if e['kind'] not in ('assign', 'approve', 'file', 'unreadable'): fail(i, 'kind')
        for u in it['proposal']['units'] + e['units']:
            if u['code'] not in codes: fail(i, 'unknown code ' + u['code'])
            if u['role'] not in ('lead', 'support', 'informed'): fail(i, 'role ' + u['role'])
        for d in (it['proposal']['deadline'], e['deadline']):
            if d is not None and not real(d): fail(i, 'not a real date ' + d)
        if e['deadline'] and e['deadline'] < it['receivedAt'][:10]: fail(i, 'deadline before receipt')
        if e['kind'] in ('file', 'unreadable') and (e['units'] or e['deadline']): fail(i, 'file/unreadable with units or deadline')
        if e['kind'] == 'approve' and e['units'] != it['proposal']['units']: fail(i, 'approve units differ from proposal')
        if e['kind'] == 'assign' and not e['units']: fail(i, 'assign without units')
        if not it.get('why'): fail(i, 'why missing')
        if re.search(r'đã viết:|wrote:|Original Message|Thư gốc|^Từ: ', it['text'], re.M): quoted += 1
        own = re.split(r'\n(?:Vào |> |-----|_____)', it['text'])[0]
        if not DIA.search(own): plain += 1
    print(f, len(items), json.dumps(kinds), 'quoted', quoted, 'own-text-without-diacritics', plain)

for f in ['unit-replies.json', 'unit-holdout.json']:
    p = os.path.join(HERE, f)
    if not os.path.exists(p):
        continue
    items = json.load(open(p, encoding='utf-8'))
    ids, kinds = set(), {}
    for it in items:
        i, e = it['id'], it['expected']
        if i in ids: fail(i, 'duplicate id')
        ids.add(i)
        dt.datetime.fromisoformat(it['receivedAt'])
        kinds[e['kind']] = kinds.get(e['kind'], 0) + 1
        if e['kind'] not in ('received', 'done', 'unreadable'): fail(i, 'kind')
        if e['kind'] != 'done' and e['note'] is not None: fail(i, 'note on a non-done reply')
        if e['note'] is not None and (e['note'] != e['note'].strip() or e['note'] not in it['text']): fail(i, 'note is not a trimmed part of the text')
        if not it.get('why'): fail(i, 'why missing')
    print(f, len(items), json.dumps(kinds))

print(f'{bad} failures' if bad else 'all valid')
sys.exit(1 if bad else 0)
