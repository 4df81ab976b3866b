extension ValueLearner {
    /// Python helper functions the number and date parts' expressions call: standard library only,
    /// each a line-for-line port of the Swift it mirrors (`NumberCell`, `DecimalDigits`,
    /// `NumberFormat.render`, `DateReading.read`, `DateFormat.render`), returning `None` where Swift
    /// returns `nil`. Digits come from `repr`, the same shortest round-trip text Swift's
    /// `description` prints, and are rounded as text, never through binary floats.
    public static let pythonPrelude = #"""
_NUM_SPACE = ' \t\n\r\x0b\x0c'
_NUM_CURRENCY = '$\u20ac\u00a3\u00a5'
_DATE_MONTHS = ('January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
                'October', 'November', 'December')
_DATE_WEEKDAYS = ('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday')


def _num_all_digits(s):
    return all('0' <= c <= '9' for c in s)


def _num_finite(v):
    return v - v == 0


def _num(s):
    s = s.strip(_NUM_SPACE)
    paren = False
    if len(s) >= 2 and s[0] == '(' and s[-1] == ')':
        paren = True
        s = s[1:-1]
    sign = None
    currency = False
    if s and s[0] in '-+':
        sign = s[0]
        s = s[1:]
    if s and s[0] in _NUM_CURRENCY:
        currency = True
        s = s[1:]
    if sign is None and s and s[0] in '-+':
        sign = s[0]
        s = s[1:]
    if not currency and s and s[-1] in _NUM_CURRENCY:
        currency = True
        s = s[:-1]
        if s.endswith(' '):
            s = s[:-1]
    percent = False
    if s.endswith('%'):
        percent = True
        s = s[:-1]
    if (paren and sign is not None) or (percent and currency):
        return None
    integer, _, fraction = s.partition('.')
    if not _num_all_digits(fraction):
        return None
    if ',' in integer:
        groups = integer.split(',')
        if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
            return None
        if not all(_num_all_digits(g) for g in groups):
            return None
        digits = ''.join(groups)
    else:
        if not _num_all_digits(integer):
            return None
        digits = integer
    if not digits and not fraction:
        return None
    v = float((digits or '0') + '.' + (fraction or '0') + ('e-2' if percent else ''))
    if not _num_finite(v):
        return None
    return -v if paren or sign == '-' else v


def _num_words(s):
    n = 0
    in_word = False
    for c in s:
        if c in _NUM_SPACE:
            in_word = False
        elif not in_word:
            n += 1
            in_word = True
    return float(n)


def _num_count(s, t):
    return None if t == '' else float(s.count(t))


def _num_is_digit(s, i):
    return i < len(s) and '0' <= s[i] <= '9'


def _num_in(s, index):
    n = len(s)
    numbers = []
    i = 0
    while i < n:
        if not _num_is_digit(s, i):
            i += 1
            continue
        start = i
        j = i
        while _num_is_digit(s, j):
            j += 1
        integer = s[i:j]
        if j - i <= 3:
            while (j + 3 < n and s[j] == ',' and _num_is_digit(s, j + 1) and _num_is_digit(s, j + 2)
                   and _num_is_digit(s, j + 3) and not _num_is_digit(s, j + 4)):
                integer += s[j + 1:j + 4]
                j += 4
        fraction = '0'
        if j + 1 < n and s[j] == '.' and _num_is_digit(s, j + 1):
            k = j + 1
            while _num_is_digit(s, k):
                k += 1
            fraction = s[j + 1:k]
            j = k
        signed = start > 0 and s[start - 1] == '-' and (start == 1 or not _in_class('alphanumeric', s[start - 2]))
        magnitude = float(integer + '.' + fraction)
        if _num_finite(magnitude):
            numbers.append(-magnitude if signed else magnitude)
        i = j
    position = index - 1 if index > 0 else len(numbers) + index
    return numbers[position] if index != 0 and 0 <= position < len(numbers) else None


def _num_op(op, a, b):
    if a is None or b is None:
        return None
    if op == '+':
        r = a + b
    elif op == '-':
        r = a - b
    elif op == '*':
        r = a * b
    else:
        if b == 0:
            return None
        r = a / b
    return r if _num_finite(r) else None


def _num_digits(v):
    m, _, e = repr(abs(v)).partition('e')
    exp = int(e) if e else 0
    i, _, f = m.partition('.')
    exp -= len(f)
    d = (i + f).lstrip('0')
    if not d:
        return '', 0
    t = d.rstrip('0')
    return t, exp + len(d) - len(t)


def _fmt_num(v, decimals, thousands, point, width, sign, currency, place, percent):
    if not _num_finite(v):
        return None
    negative = v < 0
    digits, exp = _num_digits(v)
    if percent and digits:
        exp += 2
    if decimals is None:
        if exp >= 0:
            integer, fraction = (digits + '0' * exp) if digits else '0', ''
        else:
            n = -exp
            padded = '0' * max(0, n + 1 - len(digits)) + digits
            integer, fraction = padded[:len(padded) - n], padded[len(padded) - n:]
    else:
        shift = exp + decimals
        if shift >= 0:
            scaled = digits + '0' * shift
        else:
            dropped = -shift
            if dropped > len(digits):
                scaled = ''
            else:
                scaled = digits[:len(digits) - dropped]
                if digits[len(digits) - dropped] >= '5':
                    scaled = str(int(scaled or '0') + 1)
        padded = '0' * max(0, decimals + 1 - len(scaled)) + scaled
        integer = padded[:len(padded) - decimals].lstrip('0') or '0'
        fraction = padded[len(padded) - decimals:]
    negative = negative and (integer.strip('0') != '' or fraction.strip('0') != '')
    integer = integer.rjust(width, '0')
    body = ''
    for i, c in enumerate(integer):
        if thousands and i > 0 and (len(integer) - i) % 3 == 0:
            body += thousands
        body += c
    if fraction:
        body += point + fraction
    if percent:
        body += '%'
    if currency:
        if place == 'before':
            body = currency + body
        elif place == 'after':
            body = body + currency
        else:
            body = body + ' ' + currency
    if sign == 'minus':
        return '-' + body if negative else body
    if sign == 'plus':
        return ('-' if negative else '+') + body
    return '(' + body + ')' if negative else body


def _date_make(y, m, d):
    if y is None or not (1 <= y <= 9999 and 1 <= m <= 12 and d >= 1):
        return None
    if m == 2:
        n = 29 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else 28
    elif m in (4, 6, 9, 11):
        n = 30
    else:
        n = 31
    return (y, m, d) if d <= n else None


def _date_year(value, digits, pivot):
    if digits == 4:
        return value
    if digits == 2:
        return 2000 + value if value < pivot else 1900 + value
    return None


def _date_lower(w):
    return ''.join(chr(ord(c) + 32) if 65 <= ord(c) <= 90 else c for c in w)


def _date_month(w):
    t = _date_lower(w)
    if t == 'sept':
        return 9
    for i, name in enumerate(_DATE_MONTHS):
        if name.lower() == t or name[:3].lower() == t:
            return i + 1
    return None


def _date_is_weekday(w):
    t = _date_lower(w)
    return any(name.lower() == t or name[:3].lower() == t for name in _DATE_WEEKDAYS)


def _date_day(w):
    if len(w) > 2 and _date_lower(w[-2:]) in ('st', 'nd', 'rd', 'th'):
        w = w[:-2]
    return int(w) if 1 <= len(w) <= 2 and _num_all_digits(w) else None


def _date_names(s, pivot):
    words = []
    word = ''
    for c in s:
        if c in _NUM_SPACE or c in ',.-/':
            if word:
                words.append(word)
            word = ''
        else:
            word += c
    if word:
        words.append(word)
    if words and _date_is_weekday(words[0]):
        words = words[1:]
    if len(words) != 3:
        return None
    m = _date_month(words[0])
    day = words[1]
    if m is None:
        m = _date_month(words[1])
        day = words[0]
        if m is None:
            return None
    d = _date_day(day)
    if d is None or len(words[2]) > 4 or not _num_all_digits(words[2]):
        return None
    return _date_make(_date_year(int(words[2]), len(words[2]), pivot), m, d)


def _date_read(s, order, pivot):
    if order == 'names':
        return _date_names(s, pivot)
    s = s.strip(_NUM_SPACE)
    sep = next((c for c in s if not '0' <= c <= '9'), None)
    if sep not in ('/', '-', '.'):
        return None
    fields = s.split(sep)
    if len(fields) != 3 or not all(f and _num_all_digits(f) and len(f) <= 4 for f in fields):
        return None
    a, b, c = (int(f) for f in fields)
    if order == 'ymd':
        if len(fields[0]) != 4 or len(fields[1]) > 2 or len(fields[2]) > 2:
            return None
        return _date_make(a, b, c)
    if len(fields[0]) > 2 or len(fields[1]) > 2:
        return None
    y = _date_year(c, len(fields[2]), pivot)
    return _date_make(y, a, b) if order == 'mdy' else _date_make(y, b, a)


def _date_weekday(y, m, d):
    yy = y - 1 if m <= 2 else y
    era = yy // 400
    yoe = yy - era * 400
    doy = (153 * (m - 3 if m > 2 else m + 9) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return (era * 146097 + doe - 719468 + 3) % 7


def _date_field(date, f):
    y, m, d = date
    if f == 'D':
        return str(d)
    if f == 'DD':
        return str(d).rjust(2, '0')
    if f == 'M':
        return str(m)
    if f == 'MM':
        return str(m).rjust(2, '0')
    if f == 'MMM':
        return _DATE_MONTHS[m - 1][:3]
    if f == 'MMMM':
        return _DATE_MONTHS[m - 1]
    if f == 'YY':
        return str(y % 100).rjust(2, '0')
    if f == 'YYYY':
        return str(y).rjust(4, '0')
    if f == 'WWW':
        return _DATE_WEEKDAYS[_date_weekday(y, m, d)][:3]
    return _DATE_WEEKDAYS[_date_weekday(y, m, d)]


def _date_fmt(date, items):
    return ''.join(v if k == 't' else _date_field(date, v) for k, v in items)
"""#
}
