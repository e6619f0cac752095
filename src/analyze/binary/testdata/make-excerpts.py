#!/usr/bin/env python3
"""Cuts small excerpts out of real upstream/Debian binaries, for the binary analyzer's tests: the ELF
header (64 bytes) and a window of bytes around each version string the analyzer looks for, joined by
runs of zero bytes. Usage: make-excerpts.py NAME BINARY NEEDLE [NEEDLE...] > NAME.excerpt"""
import re, sys

name, path, *needles = sys.argv[1:]
data = open(path, 'rb').read()
out = bytearray(data[:64])
for needle in needles:
    for m in re.finditer(re.escape(needle.encode('latin1')), data):
        out += b'\0' * 32 + data[max(0, m.start() - 120):m.end() + 120]
sys.stdout.buffer.write(bytes(out))
