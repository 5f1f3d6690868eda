#!/usr/bin/env python3
"""House rule: every json_pack() call passes as many arguments as its format asks for.

jansson reads json_pack's arguments through va_arg, and the compiler cannot check
the format (it is not printf's): a value left out shifts every later one onto the
wrong key, which is undefined behaviour — once it made json_pack fail silently
and a result page lose its PRG redirect.  Prints each mismatch; exit 1 if any.
"""
import re
import sys
from pathlib import Path


def split_args(text):
    """Top-level comma-separated arguments of a call's argument text."""
    args, depth, cur, i, n = [], 0, [], 0, len(text)
    while i < n:
        c = text[i]
        if c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        if c == ',' and depth == 0:
            args.append(''.join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    if ''.join(cur).strip():
        args.append(''.join(cur).strip())
    return args


def wanted(fmt):
    """How many arguments a json_pack format consumes."""
    n, i = 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c in 'sbiIfFoOn':
            if c != 'n':
                n += 1
            if c == 's' and i + 1 < len(fmt) and fmt[i + 1] in '#%':
                n += 1
                i += 1
            if i + 1 < len(fmt) and fmt[i + 1] in '?*':
                i += 1
        elif c in '{}[]: ,\t':
            pass
        else:
            raise ValueError(f'unknown format character {c!r}')
        i += 1
    return n


def calls(src):
    for m in re.finditer(r'\bjson_pack\s*\(', src):
        start = m.end()
        depth, i = 1, start
        while depth and i < len(src):
            c = src[i]
            if c in '"\'':
                j = i + 1
                while src[j] != c:
                    j += 2 if src[j] == '\\' else 1
                i = j + 1
                continue
            depth += c == '('
            depth -= c == ')'
            i += 1
        yield src.count('\n', 0, m.start()) + 1, src[start:i - 1]


def main(root):
    bad = 0
    for path in sorted(Path(root).rglob('*.c')):
        src = path.read_text(encoding='utf-8')
        for line, text in calls(src):
            args = split_args(text)
            parts = re.findall(r'"((?:[^"\\]|\\.)*)"', args[0]) if args else []
            if not args or not re.fullmatch(r'(\s*"(?:[^"\\]|\\.)*"\s*)+', args[0]):
                continue   # a format that is not a literal: not checked
            fmt = ''.join(parts)
            need, got = wanted(fmt), len(args) - 1
            if need != got:
                print(f'{path}:{line}: json_pack format "{fmt}" takes {need} arguments, {got} given')
                bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else 'src'))
