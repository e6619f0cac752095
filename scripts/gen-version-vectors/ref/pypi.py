# Reference: Python `packaging.version.Version` (PEP 440). stdin "a<TAB>b" -> stdout "a<TAB>b<TAB>sign".
import sys
from packaging.version import Version, InvalidVersion

sys.stderr.write("packaging %s\n" % __import__("packaging").__version__)
for line in sys.stdin.read().split("\n"):
    if "\t" not in line:
        continue
    a, b = line.split("\t")
    try:
        va, vb = Version(a), Version(b)
        s = -1 if va < vb else (1 if va > vb else 0)
        assert (va == vb) == (s == 0)
    except InvalidVersion:
        s = "!"
    sys.stdout.write("%s\t%s\t%s\n" % (a, b, s))
